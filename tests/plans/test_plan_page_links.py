"""The plan page's downloads and, for its managers, the pages that manage the plan."""

from django.urls import reverse


def page(client, user, plan, as_at=None):
    client.force_login(user)
    url = reverse("plans:detail", args=[plan.slug])
    return client.get(url, {"as_at": as_at} if as_at else {}).content.decode()


def test_everyone_who_reads_the_plan_can_download_it_as_at_the_day_shown(client, plan, owner):
    html = page(client, owner, plan, as_at="2025-05-08")
    assert 'href="/plans/childrens-services/download/plan.xlsx?as_at=2025-05-08"' in html
    assert 'href="/plans/childrens-services/download/actions.csv?as_at=2025-05-08"' in html
    assert "Download the plan (Excel) as at 8 May 2025" in html


def test_todays_plan_page_links_to_todays_downloads(client, plan, clerk):
    html = page(client, clerk, plan)
    assert 'href="/plans/childrens-services/download/plan.xlsx"' in html
    assert 'href="/plans/childrens-services/download/actions.csv"' in html


def test_a_plan_manager_finds_people_rating_scale_and_closing_on_the_plan_page(
    client, plan, manager
):
    html = page(client, manager, plan)
    assert 'href="/plans/childrens-services/people/"' in html
    assert 'href="/plans/childrens-services/rating-scale/"' in html
    assert ">Close this plan</a>" in html


def test_an_officer_is_not_offered_the_managers_pages(client, plan, owner):
    html = page(client, owner, plan)
    assert "/people/" not in html
    assert "/rating-scale/" not in html
    assert "Close this plan" not in html


def test_only_people_allowed_to_add_plans_are_offered_it(client, plan, manager, admin_user):
    client.force_login(manager)
    assert "/plans/new/" not in client.get(reverse("plans:index")).content.decode()
    client.force_login(admin_user)
    assert 'href="/plans/new/"' in client.get(reverse("plans:index")).content.decode()
