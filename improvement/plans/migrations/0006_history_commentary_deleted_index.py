"""An index on impact commentary's history for reading the plan as at a past day.

Plain CREATE INDEX IF NOT EXISTS / DROP INDEX IF EXISTS, valid on SQLite and PostgreSQL,
in the style of governance migration 0002. Each index names the query it serves.
"""

from django.db import migrations

INDEXES = [
    # PlanSnapshot.commentary at a past day (lib.asof.rows_at, its "deleted since" part):
    # the deletion rows of the plan's areas' commentary. Without it PostgreSQL reads every
    # history row of every area's commentary through (area_id) and keeps the deletions —
    # 6,000 rows for a plan with 500 reporting rounds, growing with each edit.
    (
        "plans_hcom_area_deleted",
        "plans_historicalimpactcommentary",
        "(area_id, id)",
        "WHERE history_type = '-'",
    ),
]


def create(name, table, columns, where):
    return f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns} {where}".strip()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_saved_from"),
    ]

    operations = [
        migrations.RunSQL(create(*index), f"DROP INDEX IF EXISTS {index[0]}") for index in INDEXES
    ]
