"""``proposals_queue`` in every template: the header's link to the proposed changes of the
plan a page is about, with how many wait for a decision, and (for plan managers of a plan
whose ratings need sign-off) how many ratings wait for sign-off.

False on pages about no plan and for people who may not read the queue (officers,
outsiders): ``{% if proposals_queue %}`` costs no query. Otherwise it has ``url`` and
``count``, read together in one query the first time a template asks for either, after
the view has decided the plan (``plan_for`` sets ``request.plan_id`` and the role).
"""

from functools import cached_property

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from improvement.accounts.access import access_of
from improvement.plans.models import Plan, RatingSubmission

from .models import Proposal


class ProposalsQueue:
    def __init__(self, request):
        self.request = request

    def __bool__(self):
        plan_id = getattr(self.request, "plan_id", None)
        return plan_id is not None and access_of(self.request).can_see_proposals

    @cached_property
    def _read(self):
        """(the plan's slug, proposals waiting for a decision, ratings waiting for
        sign-off, whether ratings need sign-off). One query."""
        waiting = Count("proposals", filter=Q(proposals__status=Proposal.Status.PENDING))
        # A subquery, not a second Count: two joins would multiply each other's rows.
        submissions = (
            RatingSubmission.objects.filter(
                plan=OuterRef("pk"), status=RatingSubmission.Status.SUBMITTED
            )
            .order_by()
            .values("plan")
            .annotate(n=Count("pk"))
            .values("n")
        )
        signoff = Coalesce(Subquery(submissions, output_field=IntegerField()), Value(0))
        return (
            Plan.objects.filter(pk=self.request.plan_id)
            .annotate(waiting=waiting, signoff=signoff)
            .values_list("slug", "waiting", "signoff", "ratings_need_signoff")
            .get()
        )

    @property
    def url(self):
        return reverse("governance:queue", args=[self._read[0]]) if self else ""

    @property
    def count(self):
        return self._read[1] if self else 0

    @property
    def signoff_url(self):
        """The sign-off page, for plan managers of a plan whose ratings need sign-off (or
        that still has ratings waiting from before the setting was turned off)."""
        if not (self and access_of(self.request).can_manage):
            return ""
        slug, _, waiting, needed = self._read
        return reverse("plans:signoff", args=[slug]) if needed or waiting else ""

    @property
    def signoff_count(self):
        return self._read[2] if self else 0


def proposals_queue(request):
    # Not evaluated here: the view decides the plan after context processors are listed.
    return {"proposals_queue": ProposalsQueue(request)}
