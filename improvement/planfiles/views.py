"""The new-plan wizard: upload a file, map its columns and rating words, preview, confirm.

Nothing is saved before the confirmation. The file waits on disk under a token only this
session knows (``improvement.lib.staging``); the session keeps, with the token, what was
typed and chosen, so every page re-reads the same file the same way, and the confirmation
applies only what its preview showed (the fingerprint). Only ``can_create_plans`` people
reach any of it.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from improvement.accounts.access import creator_of_plans
from improvement.lib.dates import end_of_day, parse_day, today
from improvement.lib.staging import Staging
from improvement.plans.models import Plan
from improvement.plans.models.plan import text_colour_on
from improvement.scorecard.import_checks import ImportRefused

from .apply import apply_plan
from .data import Problem
from .forms import MappingForm, NewPlanForm, columns, preset_levels
from .reading import read_plan_file
from .tracker import guess_mapping
from .words import fold, level_key

STAGING = Staging("plan_imports", "PLAN_UPLOAD_DIR", "improvement-plan-uploads")
FIRST_ACTIONS = 5
EXPIRED = "That upload has expired or was already used. Choose the file again."


# -- 1. the file and the plan's particulars -------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    creator_of_plans(request)
    if request.method != "POST":
        return _start(request, NewPlanForm())
    form = NewPlanForm(request.POST, request.FILES)
    form.is_valid()
    upload = form.cleaned_data.get("file")
    kept_token = request.POST.get("kept", "")
    kept = None if upload else STAGING.fetch(request, kept_token)
    name = data = read = None
    if upload:
        name, data = upload.name, upload.read()
    elif kept:
        name, data = kept[0]["name"], kept[1]
    elif "file" not in form.errors:
        form.add_error("file", "Choose the plan's file")
    if data is not None:
        try:
            read = read_plan_file(
                name,
                data,
                title=form.cleaned_data.get("title", ""),
                organisation=form.cleaned_data.get("organisation", ""),
            )
        except ImportRefused as exc:
            form.add_error("file", str(exc))
    if read is None:
        if kept:  # the kept file was not used: the new one was refused
            STAGING.forget(request, kept_token)
        return _start(request, form, status=400)
    if kept is None:  # a new upload: kept from now on, even if the rest needs fixing
        if kept_token:
            STAGING.forget(request, kept_token)
        kept_token = STAGING.keep(request, data, name=name)
        kept = ({"name": name}, data)
    if form.errors:
        return _start(request, form, kept_token=kept_token, kept_name=name, status=400)
    return _particulars_taken(request, form, kept_token, kept[0], read)


def _particulars_taken(request, form, token, entry, read):
    """Keep what was typed with the file, and go on to the mapping (or, for the product's
    own workbook, whose columns and scale are fixed, straight to the preview)."""
    cleaned = form.cleaned_data
    same_scale = entry.get("scale") == cleaned["scale"] and entry.get("mapping") is not None
    STAGING.update(
        request,
        token,
        title=cleaned["title"],
        slug=cleaned["slug"],
        organisation=cleaned["organisation"],
        as_at=cleaned["as_at"].isoformat() if cleaned["as_at"] else "",
        scale=cleaned["scale"],
        shape=read.shape,
        headers=list(read.headers),
        # A file kept from the last try keeps its mapping and ratings; a new one starts
        # from the guess.
        mapping=entry["mapping"] if same_scale else guess_mapping(read.headers),
        words=entry["words"] if same_scale else [w for w, _n in read.rating_words],
        ratings=entry.get("ratings") if same_scale else None,
        mapped=bool(entry.get("mapped")) and same_scale,
    )
    if read.shape == "tracker":
        return redirect("planfiles:mapping", token=token)
    return redirect("planfiles:preview", token=token)


def _start(request, form, *, kept_token="", kept_name="", status=200):
    context = {"form": form, "kept_token": kept_token, "kept_name": kept_name}
    return render(request, "planfiles/new.html", context, status=status)


def _expired(request):
    form = NewPlanForm()
    form.errors["file"] = form.error_class([EXPIRED])
    return _start(request, form, status=410)


# -- reading the kept file the way the session says -----------------------------------------
def _read(entry, data, *, mapping=None, for_words=False):
    """The file read with the kept choices (or ``mapping``); ``for_words`` reads it only
    for its headers and rating words, with the scale made from the words."""
    levels = None if for_words else preset_levels(entry["scale"])
    tracker = entry["shape"] == "tracker"
    return read_plan_file(
        entry["name"],
        data,
        mapping=(mapping or entry["mapping"]) if tracker else None,
        ratings=entry.get("ratings") if tracker and levels is not None else None,
        scale=levels if tracker else None,
        title=entry["title"],
        organisation=entry["organisation"],
    )


def _fingerprint(data, read):
    """What the preview showed: the file's bytes and everything read from them."""
    digest = hashlib.sha256(data)
    digest.update(repr((read.plan, read.problems)).encode())
    return digest.hexdigest()


def _kept(request, token):
    creator_of_plans(request)
    return STAGING.fetch(request, token)


# -- 2. the mapping ----------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def mapping(request, token):
    kept = _kept(request, token)
    if kept is None:
        return _expired(request)
    entry, data = kept
    if entry.get("shape") != "tracker":
        return redirect("planfiles:preview", token=token)
    levels = preset_levels(entry["scale"])
    words = _words(entry, data)
    notice = ""
    if request.method == "POST":
        form = MappingForm(request.POST, headers=entry["headers"], words=words, levels=levels)
        form.is_valid()
        if not form.column_errors():
            chosen = form.mapping()
            same = chosen == entry["mapping"]
            new_words = words if same else _words(entry, data, mapping=chosen)
            if levels is not None and [w for w, _n in new_words] != [w for w, _n in words]:
                # Another rating column: its words need their levels chosen first.
                STAGING.update(request, token, mapping=chosen, words=[w for w, _n in new_words])
                entry = {**entry, "mapping": chosen}
                notice = "The rating column changed: choose a level for each of its words."
                form = _mapping_form(entry, new_words, levels)
                return _mapping_page(request, token, entry, data, form, new_words, notice)
            if not form.errors:
                ratings = form.ratings() if levels is not None else None
                STAGING.update(request, token, mapping=chosen, ratings=ratings, mapped=True)
                return redirect("planfiles:preview", token=token)
        return _mapping_page(request, token, entry, data, form, words, status=400)
    form = _mapping_form(entry, words, levels)
    return _mapping_page(request, token, entry, data, form, words)


def _words(entry, data, *, mapping=None):
    """[(word, count)] in the rating column the mapping names."""
    return _read(entry, data, mapping=mapping, for_words=True).rating_words


def _mapping_form(entry, words, levels):
    initial = MappingForm.initial_for(entry["mapping"], words, levels, entry.get("ratings"))
    return MappingForm(initial=initial, headers=entry["headers"], words=words, levels=levels)


def _mapping_page(request, token, entry, data, form, words, notice="", status=200):
    created = []
    if form.levels is None:  # the scale will be made from the words: show its colours
        read = _read(entry, data, for_words=True)
        levels = (
            {fold(level.name): _swatch(level) for level in read.plan.scale} if read.plan else {}
        )
        created = [(word, count, levels.get(level_key(word))) for word, count in words]
    context = {
        "token": token,
        "entry": entry,
        "form": form,
        "columns": columns(entry["headers"]),
        "words": words,
        "created": created,
        "notice": notice,
    }
    return render(request, "planfiles/mapping.html", context, status=status)


def _swatch(level):
    """A LevelData as includes/rating.html prints a RatingLevel."""
    return {
        "name": level.name,
        "short_name": level.short_name,
        "colour": level.colour,
        "hex_colour": level.hex_colour,
        "text_colour": text_colour_on(level.hex_colour),
    }


# -- 3. the preview and 4. the confirmation -------------------------------------------------
@login_required
@require_http_methods(["GET"])
def preview(request, token):
    kept = _kept(request, token)
    if kept is None:
        return _expired(request)
    entry, data = kept
    if entry.get("shape") == "tracker" and not entry.get("mapped"):
        return redirect("planfiles:mapping", token=token)
    read = _read(entry, data)
    fingerprint = _fingerprint(data, read)
    STAGING.update(request, token, fingerprint=fingerprint)
    status = 400 if read.problems or read.plan is None else 200
    return _preview_page(request, token, entry, read, fingerprint, status=status)


def _preview_page(request, token, entry, read, fingerprint, *, status=200, moved_on=False):
    plan = read.plan
    summary = {}
    if plan is not None:
        summary = {
            "chapters": len(plan.chapters),
            "areas": sum(1 for a in plan.areas if not a.parent),
            "sub_areas": sum(1 for a in plan.areas if a.parent),
            "actions": len(plan.actions),
        }
        areas = {a.key: a for a in plan.areas}
        levels = {level.name: _swatch(level) for level in plan.scale}
        summary["ratings"] = [
            (levels[level.name], sum(1 for a in plan.actions if a.rating == level.name))
            for level in plan.scale
        ]
        summary["first"] = [
            {"action": a, "area": areas.get(a.area), "level": levels.get(a.rating)}
            for a in plan.actions[:FIRST_ACTIONS]
        ]
    problems = [str(p) for p in read.problems] if plan is not None else _all(read)
    context = {
        "token": token,
        "entry": entry,
        "as_at": _as_at(entry),
        "summary": summary,
        "fingerprint": fingerprint,
        "problems": problems,
        "problem_link": {
            "problems": f"{entry['name']} has {len(problems)} "
            f"problem{'' if len(problems) == 1 else 's'}; nothing has been saved"
        },
        "moved_on": moved_on,
    }
    return render(request, "planfiles/preview.html", context, status=status)


def _as_at(entry):
    return parse_day(entry["as_at"]) if entry.get("as_at") else None


def _all(read):
    return [str(p) for p in read.problems] or ["Nothing in the file could be read as a plan."]


@login_required
@require_POST
def confirm(request, token):
    kept = _kept(request, token)
    if kept is None:
        return _expired(request)
    entry, data = kept
    read = _read(entry, data)
    fingerprint = _fingerprint(data, read)
    if read.problems or read.plan is None:
        return _preview_page(request, token, entry, read, fingerprint, status=400)
    if fingerprint != request.POST.get("fingerprint") or fingerprint != entry.get("fingerprint"):
        # The choices changed since this preview (another tab): show what would be saved.
        STAGING.update(request, token, fingerprint=fingerprint)
        return _preview_page(request, token, entry, read, fingerprint, status=409, moved_on=True)
    if Plan.objects.filter(slug=entry["slug"]).exists():
        return _slug_taken(request, token, entry)
    as_at = _as_at(entry)
    # The ratings stood at the end of that day; today's import is stamped now.
    when = end_of_day(as_at) if as_at and as_at < today() else None
    try:
        result = apply_plan(
            read.plan,
            slug=entry["slug"],
            user=request.user,
            source_name=entry["name"],
            when=when,
            manager=request.user,
        )
    except ValueError as exc:  # refused before any write: show it as the file's problem
        read.problems.append(Problem(0, "", str(exc)))
        return _preview_page(request, token, entry, read, fingerprint, status=400)
    STAGING.forget(request, token)
    count = len(read.plan.actions)
    messages.success(
        request, f"Imported {count} action{'' if count == 1 else 's'} from {entry['name']}."
    )
    return redirect("plans:detail", slug=result.plan.slug)


def _slug_taken(request, token, entry):
    """Someone took the address since the first page: ask for another, file kept."""
    form = NewPlanForm(
        {
            "title": entry["title"],
            "slug": entry["slug"],
            "organisation": entry["organisation"],
            "as_at": entry["as_at"],
            "scale": entry["scale"],
        }
    )
    form.is_valid()  # puts "already used" next to the address
    return _start(request, form, kept_token=token, kept_name=entry["name"], status=409)
