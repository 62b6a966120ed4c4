"""Indexes on the plans app's history tables, for reading the plan at a date and the
change log (created here so the plans app's migrations stay its own).

Plain CREATE INDEX IF NOT EXISTS / DROP INDEX IF EXISTS, valid on SQLite and PostgreSQL.
Each index names the query it serves.
"""

from django.db import migrations

INDEXES = [
    # As-at reads (lib.asof.rows_at, simple-history's as_of): the latest row of
    # each action at or before a moment, newest first; also the change log's "row before
    # this one" lookup and the action history page's rows of one action.
    ("gov_hact_id_date", "plans_historicalaction", "(id, history_date, history_id)", ""),
    # The change log's action rows of one plan, newest first (date-range filters too),
    # and the plan's rows for the officer pages' history facts.
    ("gov_hact_plan_date", "plans_historicalaction", "(plan_id, history_date, history_id)", ""),
    # As-at reads: actions of a plan deleted since (their last row is a deletion).
    ("gov_hact_plan_deleted", "plans_historicalaction", "(plan_id, id)", "WHERE history_type = '-'"),
    # As-at reads of owners: the latest row of each owner at a moment; change log's row before.
    ("gov_hown_id_date", "plans_historicalactionowner", "(id, history_date, history_id)", ""),
    # The change log's and action history page's owner rows of the plan's actions.
    ("gov_hown_action_date", "plans_historicalactionowner", "(action_id, history_date)", ""),
    # As-at reads of owners: owners removed since.
    ("gov_hown_action_deleted", "plans_historicalactionowner", "(action_id, id)", "WHERE history_type = '-'"),
    # As-at reads of further rows (CLB4 row 2); change log's row before.
    ("gov_hrow_id_date", "plans_historicalactionrow", "(id, history_date, history_id)", ""),
    # The change log's and action history page's further-row rows of the plan's actions.
    ("gov_hrow_action_date", "plans_historicalactionrow", "(action_id, history_date)", ""),
    # As-at reads of further rows removed since.
    ("gov_hrow_action_deleted", "plans_historicalactionrow", "(action_id, id)", "WHERE history_type = '-'"),
    # The change log's impact commentary rows of the plan's areas, newest first.
    ("gov_hcom_area_date", "plans_historicalimpactcommentary", "(area_id, history_date)", ""),
    # The change log's "row before this one" for impact commentary; as-at commentary reads.
    ("gov_hcom_id_date", "plans_historicalimpactcommentary", "(id, history_date, history_id)", ""),
]


def create(name, table, columns, where):
    return f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns} {where}".strip()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(create(*index), f"DROP INDEX IF EXISTS {index[0]}") for index in INDEXES
    ]
