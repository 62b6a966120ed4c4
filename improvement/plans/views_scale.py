"""A plan manager changes the plan's rating scale; a plan with none starts from a preset.

Every change is saved level by level through the history with the manager's reason;
levels left as they were are not saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import ProtectedError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from improvement.accounts.access import plan_for

from .forms_scale import PresetForm, ScaleEditor
from .scales import PRESETS, apply_scale_preset, levels_with_uses


@login_required
@require_http_methods(["GET", "POST"])
def rating_scale(request, slug):
    plan = plan_for(request, slug, "manage")
    levels = levels_with_uses(plan)
    if not levels:
        return _choose_preset(request, plan)
    data = request.POST if request.method == "POST" else None
    editor = ScaleEditor(plan, levels, data)
    if data is not None and editor.is_valid():
        if not (editor.changes or editor.removals or editor.new_values):
            messages.info(request, "Nothing had changed, so nothing was saved.")
            return redirect("plans:rating_scale", slug=plan.slug)
        try:
            changed, added, removed = editor.save(request.user)
        except ProtectedError:
            # Someone rated an action at the level between the page and the save.
            editor.scale_errors["main-content"] = (
                "A level you removed has just been given to an action, so nothing was "
                "saved; check the scale and save again"
            )
        else:
            messages.success(request, _saved_message(changed, added, removed))
            return redirect("plans:rating_scale", slug=plan.slug)
    return render(
        request,
        "plans/rating_scale.html",
        {"plan": plan, "levels": levels, "editor": editor, "error_links": editor.error_links()},
    )


def _choose_preset(request, plan):
    form = PresetForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        key = form.cleaned_data["preset"]
        apply_scale_preset(plan, key, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"Rating scale started from {PRESETS[key][0]}.")
        return redirect("plans:rating_scale", slug=plan.slug)
    presets = [(key, label, _level_words(levels)) for key, (label, levels) in PRESETS.items()]
    return render(
        request, "plans/rating_scale.html", {"plan": plan, "form": form, "presets": presets}
    )


def _saved_message(changed, added, removed):
    parts = []
    if changed:
        parts.append(f"changed {', '.join(changed)}")
    if added:
        parts.append(f"added {added}")
    if removed:
        parts.append(f"removed {', '.join(removed)}")
    return f"Rating scale saved: {'; '.join(parts)}."


def _level_words(levels):
    """ "Complete (Blue), On track (Green), …": a preset's levels, the overview's word
    after the name where it differs."""
    words = (
        level.name if level.short_name == level.name else f"{level.name} ({level.short_name})"
        for level in levels
    )
    return ", ".join(words)
