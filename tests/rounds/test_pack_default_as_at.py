"""The committee pack page offers the last closed round's "as at" day when no day is
asked for; a day typed or in the address still wins."""

import datetime as dt

import pytest
from django.utils import timezone

from improvement.lib.dates import long_date
from improvement.rounds.cycle import close_round, open_round

pytestmark = pytest.mark.django_db

PAGE = "/plans/childrens-services/committee/"
# The demo plan's two reports: 8 May and 12 November 2025 (fixtures/).
LINK = "pack.pdf?as_at=2025-11-12&amp;since=2025-05-08"


def closed_round(plan, manager, name, as_at, when):
    round_ = open_round(
        plan, name=name, as_at=as_at, deadline=as_at, remind_days_before=5, user=manager, when=when
    )
    close_round(round_, as_at=as_at, user=manager, when=when)
    return round_


def test_with_no_closed_round_the_pack_is_as_at_today(client, clerk, plan, manager):
    open_round(
        plan, name="Open", as_at=dt.date(2025, 11, 12), deadline=dt.date(2025, 11, 12),
        remind_days_before=5, user=manager,
    )  # fmt: skip
    client.force_login(clerk)
    page = client.get(PAGE).content.decode()
    assert f"Ratings as at {long_date(timezone.localdate())}" in page


def test_the_pack_offers_the_last_closed_rounds_as_at_day(client, clerk, plan, manager):
    now = timezone.now()
    closed_round(plan, manager, "October", dt.date(2025, 10, 10), now - dt.timedelta(days=40))
    closed_round(plan, manager, "November", dt.date(2025, 11, 12), now - dt.timedelta(days=10))
    client.force_login(clerk)
    page = client.get(PAGE).content.decode()
    assert "Ratings as at 12 November 2025" in page
    assert 'name="as_at_day" type="text" inputmode="numeric" value="12"' in page
    assert LINK in page  # and the previous report before it, 8 May 2025


def test_a_day_asked_for_still_wins(client, clerk, plan, manager):
    closed_round(plan, manager, "November", dt.date(2025, 11, 12), timezone.now())
    client.force_login(clerk)
    page = client.get(PAGE, {"as_at": "2025-06-30"}).content.decode()
    assert "Ratings as at 30 June 2025" in page
    blank = {"as_at_day": "", "as_at_month": "", "as_at_year": ""}
    page = client.get(PAGE, blank).content.decode()
    assert f"Ratings as at {long_date(timezone.localdate())}" in page
