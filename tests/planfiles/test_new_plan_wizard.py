"""Adding a plan from a council's tracker in the browser: upload, map, preview, confirm.

The trackers are written here, so every count below is counted from the rows written.
"""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from improvement.accounts.models import Membership
from improvement.plans.models import Action, Area, Chapter, Plan

NEW = reverse("planfiles:new")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [
    "Ref",
    "Theme",
    "Area",
    "Sub-area",
    "Action",
    "Lead",
    "Due date",
    "RAG",
    "Impact measures",
]
# Two themes (chapters), four areas, five sub-areas, seven actions:
# Blue 1, Green 3, Amber 2, Red 1.
ROWS = [
    ["1.1.1", "Leadership", "Governance", "Board", "Refresh the improvement board's terms",
     "Director of Children's Services", dt.date(2025, 3, 31), "Blue", "Terms agreed"],
    ["1.1.2", "Leadership", "Governance", "Board", "Report to the board every month",
     "Director of Children's Services", dt.date(2026, 3, 31), "Green", "Minutes"],
    ["1.1.3", "Leadership", "Governance", "Scrutiny", "Brief scrutiny members each quarter",
     "Head of Service", dt.date(2026, 6, 30), "Green", "Briefings held"],
    ["1.2.1", "Leadership", "Workforce", "Recruitment", "Recruit permanent team managers",
     "Head of HR", dt.date(2026, 1, 31), "Amber", "Vacancy rate"],
    ["2.1.1", "Practice", "Assessment", "Timeliness", "Complete assessments within 45 days",
     "Head of Service", dt.date(2025, 12, 31), "Red", "Timeliness figures"],
    ["2.1.2", "Practice", "Assessment", "Timeliness", "Audit twenty assessments a month",
     "Principal Social Worker", "Ongoing", "Amber", "Audit results"],
    ["2.2.1", "Practice", "Voice of the child", "Participation", "Set up a children's panel",
     "Participation Lead", dt.date(2026, 9, 30), "Green", "Panel meets"],
]  # fmt: skip


def tracker_xlsx(rows=ROWS):
    wb = Workbook()
    ws = wb.active
    ws.title = "Tracker"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def tracker_csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return out.getvalue().encode()


@pytest.fixture(autouse=True)
def upload_folder(settings, tmp_path):
    """Files waiting for confirmation go to the test's own folder."""
    settings.PLAN_UPLOAD_DIR = str(tmp_path / "uploads")


def start(client, data, name="tracker.xlsx", **fields):
    form = {
        "title": "Improving children's services",
        "slug": "",
        "organisation": "Example Borough Council",
        "scale": "bgar",
        **fields,
    }
    if data is not None:
        form["file"] = SimpleUploadedFile(
            name, data, XLSX if name.endswith(".xlsx") else "text/csv"
        )
    return client.post(NEW, form)


def posted(form, **changes):
    """What the mapping page's selects post as they stand, with ``changes``."""
    data = {name: form[name].value() or "" for name in form.fields}
    return {**{k: str(v) for k, v in data.items()}, **changes}


def test_an_admin_imports_a_three_level_tracker_with_a_blue_green_amber_red_scale(
    client, admin_user
):
    client.force_login(admin_user)
    first = start(client, tracker_xlsx(), as_at_day="31", as_at_month="10", as_at_year="2025")
    assert first.status_code == 302
    mapping_url = first["Location"]
    token = mapping_url.split("/")[-3]
    assert mapping_url == reverse("planfiles:mapping", args=[token])

    page = client.get(mapping_url)
    html = page.content.decode()
    assert page.status_code == 200
    form = page.context["form"]
    # Guessed from the headings: Ref is A, Action E, Lead F, RAG H; "Impact measures" is not.
    assert form["col_ref"].value() == "0" and form["col_action"].value() == "4"
    assert form["col_owner"].value() == "5" and form["col_rating"].value() == "7"
    assert form["col_level3"].value() == "3" and not form["col_evidence"].value()
    # Each word prefilled with the level whose short name it is.
    assert [(f.label, f.value(), n) for f, n in form.rating_fields()] == [
        ("Blue", "Complete", 1),
        ("Green", "On track", 3),
        ("Amber", "At risk", 2),
        ("Red", "Off track", 1),
    ]
    assert "I: Impact measures" in html

    preview = client.post(mapping_url, posted(form, col_evidence="8"))
    assert preview["Location"] == reverse("planfiles:preview", args=[token])
    page = client.get(preview["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert '<dd class="govuk-summary-list__value" id="count-chapters">2</dd>' in html
    assert '<dd class="govuk-summary-list__value" id="count-areas">4</dd>' in html
    assert '<dd class="govuk-summary-list__value" id="count-sub-areas">5</dd>' in html
    assert '<dd class="govuk-summary-list__value" id="count-actions">7</dd>' in html
    ratings = [(lv["name"], n) for lv, n in page.context["summary"]["ratings"]]
    assert ratings == [("Complete", 1), ("On track", 3), ("At risk", 2), ("Off track", 1)]
    assert "Refresh the improvement board&#x27;s terms" in html
    assert "Create the plan" in html
    assert not Plan.objects.filter(slug="improving-childrens-services").exists()

    done = client.post(
        reverse("planfiles:confirm", args=[token]), {"fingerprint": page.context["fingerprint"]}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("plans:detail", args=["improving-childrens-services"])
    plan = Plan.objects.get(slug="improving-childrens-services")
    assert (plan.name, plan.organisation) == (
        "Improving children's services",
        "Example Borough Council",
    )
    assert Chapter.objects.filter(plan=plan).count() == 2
    assert Area.objects.filter(chapter__plan=plan, parent__isnull=True).count() == 4
    assert Area.objects.filter(chapter__plan=plan, parent__isnull=False).count() == 5
    actions = Action.objects.filter(area__chapter__plan=plan)
    assert actions.count() == 7
    assert actions.get(ref="1.2.1").rating.name == "At risk"
    assert actions.get(ref="2.2.1").evidence == "Panel meets"
    created = plan.history.earliest("history_date")
    assert created.history_change_reason == "Imported from tracker.xlsx by Ada Admin"
    assert created.history_user == admin_user
    assert created.history_date.date() == dt.date(2025, 10, 31)
    follow = client.get(done["Location"])
    assert "Imported 7 actions from tracker.xlsx." in follow.content.decode()
    # The staged file is forgotten: its preview is gone.
    assert client.get(reverse("planfiles:preview", args=[token])).status_code == 410


def test_a_file_with_a_bad_row_shows_the_problem_and_saves_nothing(client, admin_user):
    client.force_login(admin_user)
    rows = [list(r) for r in ROWS]
    rows[2][4] = ""  # spreadsheet row 4: an owner and a rating, but no action
    before = Plan.objects.count()
    first = start(client, tracker_csv(rows), name="tracker.csv", title="Bad tracker")
    mapping_url = first["Location"]
    form = client.get(mapping_url).context["form"]
    page = client.get(client.post(mapping_url, posted(form))["Location"])
    html = page.content.decode()
    assert page.status_code == 400
    assert "Row 4, column Action: There is no action on this row; type the action." in html
    assert "Fix the file or the mapping; nothing has been saved." in html
    assert "Create the plan" not in html
    assert f'href="{mapping_url}"' in html
    assert Plan.objects.count() == before


def test_an_officer_cannot_add_a_plan(client, owner):
    client.force_login(owner)
    assert client.get(NEW).status_code == 403
    assert start(client, tracker_xlsx()).status_code == 403
    assert client.get(reverse("planfiles:mapping", args=["abc"])).status_code == 403


def test_someone_signed_out_is_sent_to_sign_in(client):
    page = client.get(NEW)
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_someone_given_add_plan_imports_a_plan_and_becomes_its_manager(client, outsider):
    outsider.user_permissions.add(Permission.objects.get(codename="add_plan"))
    client.force_login(outsider)
    assert client.get(NEW).status_code == 200
    first = start(client, tracker_xlsx(ROWS[:2]), title="Small plan", slug="small", scale="words")
    page = client.get(first["Location"])
    assert [w for w, _n, _level in page.context["created"]] == ["Blue", "Green"]
    preview = client.get(client.post(first["Location"], posted(page.context["form"]))["Location"])
    confirm_url = reverse("planfiles:confirm", args=[preview.context["token"]])
    done = client.post(confirm_url, {"fingerprint": preview.context["fingerprint"]})
    assert done["Location"] == reverse("plans:detail", args=["small"])
    plan = Plan.objects.get(slug="small")
    assert Membership.objects.get(user=outsider, plan=plan).role == "manager"
    assert Action.objects.filter(area__chapter__plan=plan).count() == 2


def test_a_refused_file_is_explained_next_to_the_file_field(client, admin_user):
    client.force_login(admin_user)
    page = start(client, b"%PDF-1.4", name="plan.pdf")
    html = page.content.decode()
    assert page.status_code == 400
    assert page.context["form"].errors["file"] == [
        "Only Excel workbooks (.xlsx) and comma-separated files (.csv) can be imported; "
        "plan.pdf has a .pdf extension."
    ]
    assert 'id="id_file-error"' in html
    assert 'value="Improving children&#x27;s services"' in html  # what was typed is kept


def test_a_taken_address_is_refused_and_the_file_is_kept(client, admin_user):
    client.force_login(admin_user)
    page = start(client, tracker_xlsx(), title="Children's services")
    html = page.content.decode()
    assert page.status_code == 400
    assert page.context["form"].errors["slug"] == [
        "The address “childrens-services” (made from the title) is already used: enter "
        "another address"
    ]
    assert "tracker.xlsx is uploaded" in html
    again = client.post(
        NEW,
        {
            "kept": page.context["kept_token"],
            "title": "Children's services",
            "slug": "childrens-services-2026",
            "organisation": "Example Borough Council",
            "scale": "bgar",
        },
    )
    assert again.status_code == 302
    assert again["Location"] == reverse("planfiles:mapping", args=[page.context["kept_token"]])


def test_the_mapping_needs_the_action_column_and_keeps_the_choices(client, admin_user):
    client.force_login(admin_user)
    mapping_url = start(client, tracker_xlsx())["Location"]
    form = client.get(mapping_url).context["form"]
    page = client.post(mapping_url, posted(form, col_action="", col_evidence="8"))
    assert page.status_code == 400
    assert page.context["form"].errors["col_action"] == ["Select the column that holds the actions"]
    assert page.context["form"]["col_evidence"].value() == "8"


def test_the_products_own_workbook_skips_the_mapping(client, admin_user, plan):
    from improvement.planfiles.export import plan_data_at
    from improvement.planfiles.workbook import write_workbook

    client.force_login(admin_user)
    data = write_workbook(plan_data_at(plan))
    first = start(client, data, name="plan.xlsx", title="A copy", slug="a-copy", scale="words")
    token = first["Location"].split("/")[-3]
    assert first["Location"] == reverse("planfiles:preview", args=[token])
    assert client.get(reverse("planfiles:mapping", args=[token]))["Location"] == first["Location"]
    page = client.get(first["Location"])
    assert page.status_code == 200
    # The demo plan: 143 actions (fixtures/plan_2025-11-12.json), on its seven-level scale.
    assert page.context["summary"]["actions"] == 143
    assert len(page.context["summary"]["ratings"]) == 7


def test_a_preview_overtaken_by_another_mapping_is_shown_again_and_nothing_saved(
    client, admin_user
):
    client.force_login(admin_user)
    mapping_url = start(client, tracker_xlsx())["Location"]
    form = client.get(mapping_url).context["form"]
    preview = client.get(client.post(mapping_url, posted(form))["Location"])
    client.post(mapping_url, posted(form, col_evidence="8"))  # another tab's mapping
    done = client.post(
        reverse("planfiles:confirm", args=[preview.context["token"]]),
        {"fingerprint": preview.context["fingerprint"]},
    )
    assert done.status_code == 409
    assert "The mapping changed after this preview was shown" in done.content.decode()
    assert not Plan.objects.filter(slug="improving-childrens-services").exists()
