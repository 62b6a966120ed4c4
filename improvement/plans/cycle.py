"""The update form's rules from the monthly cycle, beside the form so it stays short:
why this rating (a level below "on track" needs a short reason), evidence of impact
before "Complete", and due dates that need agreement.
"""

from django.urls import reverse

from improvement.evidence.checks import impact_evidence_count


def reason_label(level):
    """ "Reason for Delayed": the rating reason's label for a level needing one."""
    return f"Reason for {level.short_name or level.name}"


def reason_hint(ratings):
    names = [r.short_name or r.name for r in ratings if r.needs_reason]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return (
        f"Needed for {listed}: in a sentence or two, why the action has this rating. "
        "It is shown on the action's page and can be printed in the RAG overview."
    )


def check_rating_reason(form, cleaned):
    """Refuse a rating needing a reason without one; a rating needing none keeps none."""
    level = form.level_by_id.get(cleaned.get("rating"))
    if level is None:
        return
    if not level.needs_reason:
        cleaned["rating_reason"] = ""
    elif not cleaned.get("rating_reason"):
        form.add_error("rating_reason", f"Enter the reason for {level.short_name or level.name}")


def evidence_add_url(action):
    return reverse("evidence:add", args=[action.plan.slug, action.ref])


def check_impact_evidence(form, cleaned):
    """Moving from a finished level that is not complete ("Complete but need to evidence
    impact") to one that counts as complete asks for the evidence of impact first."""
    old = form.level_by_id.get(form.action.rating_id)
    new = form.level_by_id.get(cleaned.get("rating"))
    if old is None or new is None or not new.counts_as_complete:
        return
    if not old.is_finished or old.counts_as_complete:
        return
    if impact_evidence_count(form.action) == 0:
        form.evidence_needed = True
        form.add_error(
            "rating",
            f"Add the evidence of impact to {form.action.label} before rating it {new.name}",
        )


def check_governed_rows(form):
    """With changes needing agreement an officer's new due date for the action goes to
    the next meeting as a proposal; a further row's (CLB4 row 2) cannot be proposed, so
    it is refused beside the row's date."""
    if not form.governed:
        return
    for row in form.rows:
        n = row.row
        typed_due = (
            form.cleaned_data.get(f"row{n}_due_date"),
            form.cleaned_data.get(f"row{n}_due_text"),
        )
        if f"row{n}_due_date" in form.cleaned_data and typed_due != (row.due_date, row.due_text):
            form.add_error(
                f"row{n}_due_day",
                f"Row {n}'s due date changes only when a meeting agrees it: ask a plan "
                "manager to propose it",
            )
