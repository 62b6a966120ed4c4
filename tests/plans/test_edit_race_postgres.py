"""Two saves of the same action racing on PostgreSQL: exactly one wins, the other is
refused with the conflict page, and only the winner reaches the history.

Each request runs in its own thread with its own database connection, as two web
workers would. Transactional (the saves really commit), so these run with the other
transactional tests, last.
"""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.test import Client

from improvement.lib.history import save_tracked
from improvement.plans.models import Action, RatingLevel
from improvement.plans.updating import SAVED, submit_update

from .support import edit_url, form_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


def in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as error:  # reported by the assertions below
            results[key] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def waiting_on_a_lock(timeout=5.0):
    """Whether another connection is blocked on a row lock (polled up to ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def post_as(user, url, data):
    client = Client()
    client.force_login(user)
    return client.post(url, data).status_code


def test_a_save_arriving_while_another_commits_is_refused(demo_plan_committed):
    plan = demo_plan_committed
    User = get_user_model()
    officer, manager = User.objects.get(username="officer"), User.objects.get(username="manager")
    action = Action.objects.get(plan=plan, ref="SL14")
    before = Action.history.filter(id=action.pk).count()
    ratings = list(RatingLevel.objects.filter(plan=plan))
    delayed = next(r for r in ratings if r.name == "Delayed")
    managers_form = form_data(
        action,
        rating=delayed.pk,
        rating_reason="Waiting for national guidance.",  # Delayed needs its reason
        reason="Guidance withdrawn.",
    )
    officers_form = form_data(action, progress="Briefings done.")

    holding, release, results = threading.Event(), threading.Event(), {}

    def manager_saves_and_waits():
        with transaction.atomic():
            outcome = submit_update(action.pk, managers_form, user=manager, ratings=ratings)
            holding.set()
            release.wait(10)
        return outcome.kind

    first = in_thread(manager_saves_and_waits, results, "manager")
    assert holding.wait(10)
    second = in_thread(
        lambda: post_as(officer, edit_url(action), officers_form), results, "officer"
    )
    assert waiting_on_a_lock(), "the officer's save should wait for the manager's row lock"
    release.set()
    first.join(10)
    second.join(10)

    assert results == {"manager": SAVED, "officer": 409}
    action.refresh_from_db()
    assert action.rating_id == delayed.pk
    assert action.progress == ""
    assert Action.history.filter(id=action.pk).count() == before + 1


def test_two_people_saving_at_the_same_moment_never_both_win(demo_plan_committed):
    plan = demo_plan_committed
    User = get_user_model()
    officer, manager = User.objects.get(username="officer"), User.objects.get(username="manager")
    action = Action.objects.get(plan=plan, ref="SL14")
    for round_number in range(3):
        action.refresh_from_db()
        before = Action.history.filter(id=action.pk).count()
        start, results = threading.Barrier(2), {}
        forms = {
            "officer": (officer, form_data(action, progress=f"Officer's note {round_number}")),
            "manager": (manager, form_data(action, evidence=f"Manager's evidence {round_number}")),
        }

        def racer(user, data, start=start):
            start.wait(5)
            return post_as(user, edit_url(action), data)

        threads = [
            in_thread(lambda u=user, d=data: racer(u, d), results, name)
            for name, (user, data) in forms.items()
        ]
        for thread in threads:
            thread.join(20)
        assert sorted(results.values()) == [302, 409], results
        assert Action.history.filter(id=action.pk).count() == before + 1
        action.refresh_from_db()
        winner = next(name for name, status in results.items() if status == 302)
        if winner == "officer":
            assert (action.progress, action.evidence) == (f"Officer's note {round_number}", "")
        else:
            assert action.evidence == f"Manager's evidence {round_number}"
        action.progress = action.evidence = ""
        save_tracked(action, user=manager, reason="Reset between rounds of the race.")
