"""Who has not updated: a round's entries counted by owner role, by person and by area.

Three queries whatever the size of the plan (entries with their actions, the actions'
owners, the plan's role holders); the counting is done here, in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from improvement.plans.models import ActionOwner, OwnerRole

from .models import RoundAction

State = RoundAction.State


@dataclass
class Tally:
    """Counts for one owner role, person or area."""

    label: str
    total: int = 0
    not_updated: int = 0
    note: str = ""  # e.g. the people who hold a role
    sort_key: tuple = field(default=(), repr=False)

    @property
    def done(self):
        return self.total - self.not_updated


@dataclass
class Chase:
    entries: list  # every entry, in plan order, each with ``action.owner_titles`` and
    # ``action.owner_role_ids``
    not_updated: list  # the entries still Not updated
    counts: dict  # state -> how many
    by_role: list  # Tally per owner role, most outstanding first
    by_person: list  # Tally per person holding an owner role
    by_area: list  # Tally per area, in plan order
    unheld: int  # outstanding actions whose owner roles nobody holds


def _person(user):
    return user.get_full_name() or user.username


def chase(round_):
    entries = list(
        RoundAction.objects.filter(round=round_)
        .select_related("action__area__chapter", "action__rating")
        .order_by("action__order")
    )
    owners = defaultdict(list)  # action id -> [(role id, title)], printed order, no repeats
    for owner in (
        ActionOwner.objects.filter(action__round_entries__round=round_)
        .select_related("role")
        .order_by("action_id", "row", "order")
    ):
        pair = (owner.role_id, owner.role.title)
        if pair not in owners[owner.action_id]:
            owners[owner.action_id].append(pair)
    holders = defaultdict(list)  # role id -> users
    links = (
        OwnerRole.users.through.objects.filter(ownerrole__plan_id=round_.plan_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    for link in links:
        if link.user.is_active:
            holders[link.ownerrole_id].append(link.user)

    counts = {state: 0 for state in State.values}
    by_role, by_person, by_area = {}, {}, {}
    unheld = 0
    for entry in entries:
        action = entry.action
        outstanding = entry.state == State.NOT_UPDATED
        counts[entry.state] += 1
        action.owner_titles = [title for _pk, title in owners[action.pk]]
        action.owner_role_ids = [pk for pk, _title in owners[action.pk]]
        area = action.area
        tally = by_area.setdefault(
            area.pk,
            Tally(
                f"{area.chapter.title} · {area.number}. {area.title}",
                sort_key=(area.chapter.number, area.order),
            ),
        )
        _count(tally, outstanding)
        people = {}
        for role_pk, title in owners[action.pk]:
            names = ", ".join(_person(u) for u in holders[role_pk]) or "Nobody holds this role"
            _count(by_role.setdefault(role_pk, Tally(title, note=names)), outstanding)
            for user in holders[role_pk]:
                people[user.pk] = user
        for user in people.values():  # once per person, however many of their roles
            _count(by_person.setdefault(user.pk, Tally(_person(user))), outstanding)
        if outstanding and not people:
            unheld += 1

    def most_outstanding(tallies):
        return sorted(tallies, key=lambda t: (-t.not_updated, -t.total, t.label))

    return Chase(
        entries=entries,
        not_updated=[e for e in entries if e.state == State.NOT_UPDATED],
        counts=counts,
        by_role=most_outstanding(by_role.values()),
        by_person=most_outstanding(by_person.values()),
        by_area=sorted(by_area.values(), key=lambda t: t.sort_key),
        unheld=unheld,
    )


def _count(tally, outstanding):
    tally.total += 1
    if outstanding:
        tally.not_updated += 1
