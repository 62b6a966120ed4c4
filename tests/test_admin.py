"""Every model has an admin page with its history, and admin saves ask for a reason."""

import pytest
from django.contrib import admin
from django.urls import reverse

from improvement.plans.models import GlossaryEntry


def project_apps():
    from django.apps import apps

    return [c.label for c in apps.get_app_configs() if c.name.startswith("improvement.")]


PROJECT_MODELS = [m for m in admin.site._registry if m._meta.app_label in project_apps()]


def test_every_project_model_is_in_the_admin():
    from django.apps import apps

    tracked = {
        m
        for app in project_apps()
        for m in apps.get_app_config(app).get_models()
        if not m.__name__.startswith("Historical") and not m._meta.auto_created
    }
    assert tracked <= set(PROJECT_MODELS)


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m.__name__)
def test_admin_list_and_history_pages_open(client, admin_user, model):
    client.force_login(admin_user)
    opts = model._meta
    listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert listing.status_code == 200
    obj = model.objects.first()
    if obj is not None:
        history = client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
        )
        assert history.status_code == 200


def test_an_admin_save_without_a_reason_is_refused_and_keeps_the_input(client, admin_user, plan):
    client.force_login(admin_user)
    entry = GlossaryEntry.objects.get(plan=plan, term="CINCP")
    url = reverse("admin:plans_glossaryentry_change", args=[entry.pk])
    response = client.post(
        url,
        {"plan": plan.pk, "order": entry.order, "term": "CINCP", "meaning": "Changed meaning"},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert "Changed meaning" in response.content.decode()
    entry.refresh_from_db()
    assert entry.meaning == "Child in Need and Child Protection"


def test_an_admin_save_records_the_admin_and_the_reason(client, admin_user, plan):
    client.force_login(admin_user)
    entry = GlossaryEntry.objects.get(plan=plan, term="CINCP")
    url = reverse("admin:plans_glossaryentry_change", args=[entry.pk])
    client.post(
        url,
        {
            "plan": plan.pk,
            "order": entry.order,
            "term": "CINCP",
            "meaning": "Child in Need and Child Protection (CIN/CP)",
            "change_reason": "Clarify the abbreviation",
        },
    )
    latest = entry.history.first()
    assert latest.meaning == "Child in Need and Child Protection (CIN/CP)"
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "Clarify the abbreviation"
