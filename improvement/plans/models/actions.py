"""Actions, their owners and their extra rows."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.utils import timezone

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
    ref = models.CharField(
        max_length=20,
        help_text='Unique in the plan and used in addresses: "SL1", "SL2a", "CLB4".',
    )
    printed_ref = models.CharField(
        max_length=60,
        blank=True,
        help_text="The ref as the plan document prints it, when that is missing, repeated "
        'or words ("1.1" three times): pages print this, addresses use ``ref``.',
    )
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
    rating_reason = models.TextField(
        blank=True,
        help_text='Why the action has its rating, when the rating needs a reason ("Reason '
        'for Amber"). Kept per update through the history.',
    )
    order = models.PositiveIntegerField(default=0)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        help_text="The action of the next plan that carries this one's work on.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one on every save; a form that started from an older "
        "version is refused instead of overwriting someone else's change.",
    )

    class Source(models.TextChoices):
        PRODUCT = "product", "Made in the product"
        DOCUMENT = "document", "Brought in from the plan document"

    # What the data-quality flags need from the history, kept up to date by save() so a
    # list reads them with the action, whatever the length of its history (and, being
    # tracked, a past day's row carries that day's values).
    rating_changed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the rating last changed."
    )
    due_moves = models.PositiveIntegerField(
        default=0, editable=False, help_text="How many times the due date has moved."
    )
    rating_source = models.CharField(
        max_length=10,
        choices=Source.choices,
        default=Source.PRODUCT,
        editable=False,
        help_text="Whether the rating was last set in the product or brought in from the "
        "plan document (Complete without evidence is flagged only for the former).",
    )
    saved_from = models.CharField(
        max_length=10,
        choices=Source.choices,
        default=Source.PRODUCT,
        editable=False,
        help_text="Where this save came from: each history row says whether its change "
        "was made in the product or is the plan document's record (Appendix 3 lists "
        "only the former as changes not agreed through governance).",
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
        # (update form, admin change or revert, approved proposal, loader), so a form
        # opened on an older version notices. The next version is the stored one plus
        # one, read under the row's lock (SELECT ... FOR UPDATE on PostgreSQL; SQLite
        # transactions are IMMEDIATE), never this copy's: a copy read before someone
        # else's save, or an admin revert to an old history row, carries an old version
        # and would otherwise move it backwards or repeat it.
        self.saved_from = getattr(self, "_source", self.Source.PRODUCT)
        if self._state.adding:
            self._note_rating_change()
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            stored = (
                type(self)
                ._base_manager.using(using)
                .select_for_update()
                .filter(pk=self.pk)
                .values_list("version", "rating_id", "due_date")
                .first()
            )
            if stored is None:  # not stored (any more): Django will insert it
                stored = (self.version or 0, None, self.due_date)
            version, rating_id, due_date = stored
            self.version = version + 1
            if rating_id != self.rating_id:
                self._note_rating_change()
            if due_date != self.due_date and rating_id is not None:
                self.due_moves += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,
                    "version",
                    "rating_changed_at",
                    "rating_source",
                    "saved_from",
                    "due_moves",
                }
            super().save(*args, **kwargs)

    @property
    def label(self):
        """The ref people read: the printed one when the document's differs."""
        return self.printed_ref or self.ref

    def _note_rating_change(self):
        """The rating changes with this save: when (the save's history date) and where
        from (``saved_from``)."""
        self.rating_changed_at = getattr(self, "_history_date", None) or timezone.now()
        self.rating_source = self.saved_from

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
