"""Sign-off of officers' ratings: the plan manager's list of ratings waiting, the
decision on one, and what the update form tells the officer after a submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from improvement.accounts.access import plan_for
from improvement.lib.dates import today

from . import signoff
from .forms_signoff import SignoffDecisionForm
from .models import RatingSubmission


def next_meeting(plan):
    """The plan's next recorded meeting (today or later), or None. One query."""
    from improvement.governance.models import Meeting

    return Meeting.objects.filter(plan=plan, date__gte=today()).order_by("date", "pk").first()


def tell_saved(request, plan, outcome):
    """The messages after a successful update: what was saved, what was submitted for
    sign-off and what went to the next meeting."""
    action = outcome.action
    if outcome.changed:
        changed = " and ".join(outcome.changed).capitalize()
        messages.success(request, f"{action.label} saved. {changed} updated.")
    if outcome.submission is not None:
        messages.success(
            request,
            f"{action.label}: {outcome.submission.rating.name} submitted for sign-off. Until "
            f"a plan manager accepts it the plan shows {action.rating.name}, marked pending "
            "sign-off.",
        )
    if outcome.proposal is not None:
        meeting = next_meeting(plan)
        where = meeting.label if meeting else "the next meeting"
        messages.success(
            request,
            f"{action.label}: the new due date, {outcome.proposal.new_due}, is proposed to "
            f"{where} for agreement. The action keeps its due date "
            f"({outcome.proposal.old_due}) until then.",
        )


@login_required
@require_GET
def signoff_list(request, slug):
    plan = plan_for(request, slug, "manage")
    waiting = list(RatingSubmission.objects.waiting(plan))
    return render(request, "plans/signoff.html", {"plan": plan, "waiting": waiting})


@login_required
@require_http_methods(["GET", "POST"])
def signoff_decide(request, slug, pk):
    plan = plan_for(request, slug, "manage")
    submission = get_object_or_404(RatingSubmission.objects.with_people(), plan=plan, pk=pk)
    if not submission.is_open:
        messages.info(
            request,
            f"{submission.action.label}: that rating has already been "
            f"{submission.get_status_display().lower()}.",
        )
        return redirect("plans:signoff", slug=plan.slug)
    form = SignoffDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                signoff.accept(submission, user=request.user)
                done = f"{submission.rating.name} accepted as the rating of"
            else:
                signoff.return_to_officer(
                    submission, user=request.user, comment=form.cleaned_data["comment"]
                )
                done = f"{submission.rating.name} returned to the officer for"
        except signoff.SignoffError as error:
            form.add_error("decision", str(error))
        else:
            messages.success(request, f"{done} {submission.action.label}.")
            return redirect("plans:signoff", slug=plan.slug)
    return render(
        request,
        "plans/signoff_decide.html",
        {"plan": plan, "submission": submission, "action": submission.action, "form": form},
    )
