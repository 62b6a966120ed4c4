"""The tamper-evident history chain: every history row sealed, verify_history finds edits.

The demo plan is loaded (and committed, so sealed) once per session by tests/conftest.py;
each test here runs in a transaction that is rolled back. Sealing runs when a
transaction commits, so tests that write capture the on-commit callbacks and run them.
"""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from simple_history.utils import bulk_update_with_history

from improvement.governance.chain import HistorySeal, SealHead
from improvement.lib.history import save_tracked
from improvement.plans.models import Action
from improvement.reports.appendices import PackOptions, render_html

LONDON = ZoneInfo("Europe/London")
# load_demo writes the 8 May 2025 plan document at 09:00 (fixtures/plan_2025-05-08.json).
MAY_MORNING = dt.datetime(2025, 5, 8, 9, 0, tzinfo=LONDON)


def history_rows():
    """Every history row of every tracked model, counted table by table (m2m snapshot
    tables hang off a history row and have no history_type)."""
    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
        and "history_type" in {f.name for f in model._meta.fields}
    )


def verify():
    try:
        call_command("verify_history", stdout=(out := io.StringIO()))
    except CommandError as error:
        return False, str(error)
    return True, out.getvalue()


def may_row_of(ref, plan):
    action = Action.objects.get(plan=plan, ref=ref)
    return action.history.get(history_date=MAY_MORNING)


def test_the_demo_history_verifies_intact_with_one_link_per_history_row(plan):
    ok, text = verify()
    rows = history_rows()
    assert ok, text
    assert HistorySeal.objects.count() == rows
    assert f"History chain intact: {rows} links" in text


def test_a_history_row_edited_in_sql_is_found_with_its_model_id_and_date(plan):
    row = may_row_of("SL1", plan)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE plans_historicalaction SET text = %s WHERE history_id = %s",
            ["Rewritten after the meeting.", row.history_id],
        )
    ok, text = verify()
    assert not ok
    assert f"plans.HistoricalAction history row {row.history_id} (08 May 2025 09:00)" in text
    assert "the history row was changed after it was sealed" in text


def test_a_changed_reason_is_found_too(plan):
    row = may_row_of("SL1", plan)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE plans_historicalaction SET history_change_reason = 'Typo' "
            "WHERE history_id = %s",
            [row.history_id],
        )
    ok, text = verify()
    assert not ok and f"history row {row.history_id} " in text


def test_a_deleted_history_row_is_found(plan):
    row = may_row_of("SL1", plan)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM plans_historicalaction WHERE history_id = %s", [row.history_id])
    ok, text = verify()
    assert not ok
    assert f"plans.HistoricalAction history row {row.history_id}" in text
    assert "the history row was deleted" in text


def test_a_removed_last_link_is_found_by_the_head(plan):
    last = HistorySeal.objects.order_by("-seq").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM governance_historyseal WHERE seq = %s", [last.seq])
    ok, text = verify()
    assert not ok and "the chain head does not match its last link" in text


def test_a_row_that_was_never_sealed_is_reported(plan, manager):
    action = Action.objects.get(plan=plan, ref="SL1")
    action.progress = "Written while sealing was not running."
    # No on-commit callbacks run inside the test's transaction: the row stays unsealed.
    save_tracked(action, user=manager, reason="Test")
    ok, text = verify()
    new = action.history.latest("history_id")
    assert not ok
    assert f"1 plans.HistoricalAction history rows have no link: {new.history_id}." in text


def test_single_saves_and_bulk_writes_are_sealed_in_order_when_they_commit(
    plan, manager, django_capture_on_commit_callbacks
):
    before = SealHead.objects.get().seq
    first, second = Action.objects.filter(plan=plan, ref__in=["SL1", "SL3"]).order_by("ref")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first.progress = "One save."
        save_tracked(first, user=manager, reason="Test: a single save")
        second.progress = "A bulk update."
        bulk_update_with_history(
            [second], Action, ["progress"], default_user=manager, default_change_reason="Bulk"
        )
    links = list(HistorySeal.objects.filter(seq__gt=before).order_by("seq"))
    assert [(s.model, s.history_id) for s in links] == [
        ("plans.HistoricalAction", first.history.latest("history_id").history_id),
        ("plans.HistoricalAction", second.history.latest("history_id").history_id),
    ]
    assert links[0].previous == HistorySeal.objects.get(seq=before).hash
    assert verify()[0]


def test_a_rolled_back_save_leaves_no_link(plan, manager, django_capture_on_commit_callbacks):
    before = SealHead.objects.get().seq
    action = Action.objects.get(plan=plan, ref="SL1")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        action.progress = "Never kept."
        save_tracked(action, user=manager, reason="Test")
        raise RuntimeError
    assert SealHead.objects.get().seq == before
    assert verify()[0]


def test_the_pack_footer_prints_the_chain_head(plan):
    head = SealHead.objects.get()
    html = render_html(plan, "1", PackOptions(as_at=dt.date(2025, 11, 12)))
    assert f"History seal {head.seq}:{head.hash[:12]}" in html
    assert len(head.hash) == 64


@pytest.fixture
def manager(plan):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="manager")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers")
def test_two_requests_sealing_at_once_extend_one_chain(demo_plan_committed):
    import threading

    from django.contrib.auth import get_user_model
    from django.db import connections

    user = get_user_model().objects.get(username="manager")
    refs = ["SL1", "SL3", "SL4", "SL5"]
    before = SealHead.objects.get().seq
    all_committed = threading.Barrier(len(refs))

    def save(ref):
        try:
            with transaction.atomic():
                # Runs after the commit and before the sealing (callbacks run in order):
                # every thread has committed its row when they all start sealing.
                transaction.on_commit(lambda: all_committed.wait(timeout=20))
                action = Action.objects.get(plan=demo_plan_committed, ref=ref)
                action.progress = f"Saved at once ({ref})."
                save_tracked(action, user=user, reason="Test: concurrent saves")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(ref,)) for ref in refs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert SealHead.objects.get().seq == before + len(refs)
    assert verify()[0]
