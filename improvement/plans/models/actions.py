"""Actions, their owners and their extra rows."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from improvement.lib.history import tracked

from .plan import Plan, RatingLevel
from .structure import Area


class OwnerRole(models.Model):
    """A role title as the plan writes it ("Principal Social Worker"), linked to the
    user accounts that hold it. Ownership of actions follows the role, so a change of
    post-holder is one edit here rather than one per action."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="owner_roles")
    title = models.CharField(max_length=200)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="owner_roles")

    history = tracked(m2m_fields=[users])

    class Meta:
        ordering = ["plan", "title"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="owner_role_title_once")
        ]

    def __str__(self):
        return self.title


class ActionQuerySet(models.QuerySet):
    def for_plan_page(self, plan):
        """Actions of a plan with everything the plan page and RAG overview print."""
        return (
            self.filter(plan=plan)
            .select_related("rating", "area")
            .prefetch_related("owners__role", "extra_rows__rating")
            .order_by("area__chapter__number", "area__order", "order")
        )

    def for_my_actions(self, *, owned_by, managed_plans, member_plans):
        """My actions: every action of the plans the user manages, and the actions the
        user owns (through an owner role) in the other plans they belong to, with what
        the list prints (plan, rating, area and chapter, owners in printed order)."""
        owned = ActionOwner.objects.filter(role__users=owned_by).values("action_id")
        return (
            self.filter(
                models.Q(plan__in=managed_plans) | models.Q(plan__in=member_plans, pk__in=owned)
            )
            .select_related("plan", "rating", "area__chapter")
            .prefetch_related(
                models.Prefetch(
                    "owners",
                    queryset=ActionOwner.objects.select_related("role").order_by("row", "order"),
                )
            )
        )


class Action(models.Model):
    """An action of the plan. The first (usually only) row's owner, due and rating live
    here; a few actions (CLB4) print further rows, kept in ``ActionRow``."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="actions")
    ref = models.CharField(max_length=12, help_text='As printed: "SL1", "SL2a", "CLB4".')
    short_title = models.CharField(
        max_length=200, blank=True, help_text="The title used in the RAG overview."
    )
    text = models.TextField(help_text="The action as the plan words it.")
    due_date = models.DateField(
        null=True, blank=True, help_text="Last day of the month when the plan gives a month."
    )
    due_text = models.CharField(
        max_length=300,
        blank=True,
        help_text='The due date as written when it is not a plain month: "TBC", "Monthly".',
    )
    rating = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, related_name="+")
    progress = models.TextField(blank=True, help_text="Progress commentary.")
    evidence = models.TextField(blank=True, help_text="Evidence of completion or impact.")
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one on every save; a form that started from an older "
        "version is refused instead of overwriting someone else's change.",
    )

    history = tracked()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "ref"], name="action_ref_unique_in_plan"),
        ]

    def __str__(self):
        return self.ref

    def save(self, *args, **kwargs):
        # Every write of an existing action is a new version, whichever path makes it
        # (update form, admin, approved proposal, loader), so a form opened on the old
        # version notices. The update form checks the version under a row lock.
        if not self._state.adding:
            self.version = (self.version or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

    def clean(self):
        """Queries for the rating's and area's plans (a form save, not a hot path)."""
        errors = {}
        plan_id = self.plan_id
        if plan_id and self.rating_id:
            if not RatingLevel.objects.filter(pk=self.rating_id, plan_id=plan_id).exists():
                errors["rating"] = "Choose a rating from this plan's scale."
        if self.area_id and self.plan_id:
            if not Area.objects.filter(pk=self.area_id, chapter__plan_id=self.plan_id).exists():
                errors["area"] = "Choose an area of this plan."
        if not self.due_date and not self.due_text:
            errors["due_date"] = "Give a due date, or describe when it is due."
        if errors:
            raise ValidationError(errors)


class ActionRowQuerySet(models.QuerySet):
    def for_update_form(self, action):
        """The action's further rows in printed order, each with ``owner_titles`` (its
        row's owner role titles in printed order). One query: the owners of the same
        row are joined in, one result per owner, and folded here."""
        found = (
            self.filter(action=action)
            .annotate(
                row_owners=models.FilteredRelation(
                    "action__owners",
                    condition=models.Q(action__owners__row=models.F("row")),
                )
            )
            .annotate(
                owner_title=models.F("row_owners__role__title"),
                owner_order=models.F("row_owners__order"),
            )
            .order_by("row", "owner_order", "owner_title")
        )
        rows = {}
        for result in found:
            row = rows.setdefault(result.pk, result)
            if row is result:
                row.owner_titles = []
            if result.owner_title:
                row.owner_titles.append(result.owner_title)
        return list(rows.values())


class ActionRow(models.Model):
    """A further row of a multi-row action (row 2 onwards), with its own due and rating."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="extra_rows")
    row = models.PositiveSmallIntegerField(help_text="2 for the second printed row, …")
    due_date = models.DateField(null=True, blank=True)
    due_text = models.CharField(max_length=300, blank=True)
    rating = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, related_name="+")

    history = tracked()
    objects = ActionRowQuerySet.as_manager()

    class Meta:
        ordering = ["action", "row"]
        constraints = [
            models.UniqueConstraint(fields=["action", "row"], name="action_row_once"),
            models.CheckConstraint(condition=models.Q(row__gte=2), name="extra_row_from_two"),
        ]

    def __str__(self):
        return f"{self.action.ref} row {self.row}"


class ActionOwner(models.Model):
    """An owner of one row of an action, in printed order."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="owners")
    role = models.ForeignKey(OwnerRole, on_delete=models.PROTECT, related_name="action_owners")
    row = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)

    history = tracked()

    class Meta:
        ordering = ["action", "row", "order"]
        constraints = [
            models.UniqueConstraint(fields=["action", "row", "role"], name="owner_once_per_row"),
        ]

    def __str__(self):
        return f"{self.action.ref}: {self.role.title}"
