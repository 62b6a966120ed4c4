"""Who may read and change inspections and findings: everyone with a role reads; only
plan managers (and admins) add, change and link; nobody else learns the plan exists."""

import pytest
from django.urls import reverse

from improvement.findings.models import Finding, Inspection


@pytest.fixture
def visit(plan):
    return Inspection.objects.get(plan=plan, kind=Inspection.Kind.MONITORING_VISIT)


@pytest.fixture
def finding(visit):
    return visit.findings.get(order=1)


def reading_pages(plan, visit, finding):
    return [
        reverse("findings:list", args=[plan.slug]),
        reverse("findings:inspection", args=[plan.slug, visit.pk]),
        reverse("findings:finding", args=[plan.slug, finding.pk]),
    ]


def editing_pages(plan, visit, finding):
    return [
        reverse("findings:inspection_add", args=[plan.slug]),
        reverse("findings:inspection_edit", args=[plan.slug, visit.pk]),
        reverse("findings:finding_add", args=[plan.slug, visit.pk]),
        reverse("findings:finding_edit", args=[plan.slug, visit.pk, finding.pk]),
    ]


def test_an_outsider_is_told_the_pages_do_not_exist(client, plan, outsider, visit, finding):
    client.force_login(outsider)
    for url in reading_pages(plan, visit, finding) + editing_pages(plan, visit, finding):
        assert client.get(url).status_code == 404, url


def test_signed_out_people_are_sent_to_sign_in(client, plan, visit, finding):
    for url in reading_pages(plan, visit, finding):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


@pytest.mark.parametrize("reader", ["owner", "clerk", "board"])
def test_every_role_reads_the_findings_pages(client, plan, visit, finding, reader, request):
    client.force_login(request.getfixturevalue(reader))
    for url in reading_pages(plan, visit, finding):
        assert client.get(url).status_code == 200, url


def test_an_officer_cannot_edit_inspections_or_findings(client, plan, owner, visit, finding):
    client.force_login(owner)
    for url in editing_pages(plan, visit, finding):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "x", "text": "x"}).status_code == 403, url
    assert visit.findings.count() == 25
    assert Finding.objects.get(pk=finding.pk).text == finding.text


def test_a_reader_sees_no_change_links(client, plan, clerk, visit):
    client.force_login(clerk)
    html = client.get(reverse("findings:inspection", args=[plan.slug, visit.pk])).content.decode()
    assert "Add a finding" not in html and "and its links" not in html


def test_a_manager_sees_the_change_links(client, plan, manager, visit):
    client.force_login(manager)
    html = client.get(reverse("findings:inspection", args=[plan.slug, visit.pk])).content.decode()
    assert "Add a finding" in html and "Change finding 1 and its links" in html


def test_a_finding_of_another_inspection_is_not_found_under_this_one(client, plan, manager):
    client.force_login(manager)
    inspection = Inspection.objects.get(plan=plan, kind=Inspection.Kind.INSPECTION)
    theirs = Finding.objects.get(inspection__kind=Inspection.Kind.MONITORING_VISIT, order=1)
    url = reverse("findings:finding_edit", args=[plan.slug, inspection.pk, theirs.pk])
    assert client.get(url).status_code == 404
