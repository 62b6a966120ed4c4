"""The demo finance table is the seed's (000_7178dec8a5c2704f.txt, "Section 151
Officer/Finance"): every figure below is typed from that table, never computed here."""

from improvement.demo.finance import load_finance
from improvement.finance.models import Budget, BudgetLine, FinanceFigure, ReportingPoint
from improvement.finance.tables import finance_table, pounds, variance_words
from improvement.lib.history import save_tracked


def line_named(table, start):
    return next(line for line in table["lines"] if line["expenditure_group"].startswith(start))


def test_the_totals_are_the_seeds_grand_total(plan):
    totals = finance_table(plan)["totals"]
    assert totals["budget"] == 1_358_550_00
    assert totals["actual"] == 990_937_00
    assert totals["forecast"] == 1_761_734_00


def test_the_overspend_is_forecast_less_budget(plan):
    # £1,761,734 − £1,358,550, the seed's 2025/26 forecast against its budget.
    assert finance_table(plan)["totals"]["variance"] == 403_184_00


def test_the_table_is_2025_26_at_fr3_with_actuals_to_the_end_of_october(plan):
    table = finance_table(plan)
    assert table["point"]["year"] == "2025/26"
    assert table["point"]["point"] == "FR3"
    assert table["headings"]["actual"] == "2025/26 Actuals End of October 25"
    assert len(table["lines"]) == 20


def test_lines_are_transcribed_in_the_seeds_order_with_their_figures(plan):
    lines = finance_table(plan)["lines"]
    assert lines[0]["expenditure_group"] == "Edge of Care Support Workers (5 FTE)"
    assert lines[-1]["expenditure_group"] == "Corporate Exc Workstream"
    team_leader = line_named(finance_table(plan), "Team Leader (2 FTE)")
    assert (team_leader["budget"], team_leader["actual"], team_leader["forecast"]) == (
        133_434_00,
        26_714_00,
        70_624_00,
    )
    fgc = line_named(finance_table(plan), "Family Group Conference Support Worker")
    assert (fgc["budget"], fgc["actual"], fgc["forecast"]) == (166_480_00, 105_088_00, 287_491_00)
    home = line_named(finance_table(plan), "Children's Home for Children with Complex")
    assert (home["budget"], home["actual"], home["forecast"]) == (0, -1_292_00, -1_292_00)
    corporate = lines[-1]
    assert (corporate["budget"], corporate["actual"], corporate["forecast"]) == (0, 0, 30_000_00)


def test_origins_follow_each_lines_own_words(plan):
    table = finance_table(plan)
    origins = [line["origin"] for line in table["lines"]]
    assert origins.count("original") == 7
    assert origins.count("amended") == 2
    assert origins.count("added") == 11
    assert line_named(table, "2.00 FTE Agency Social Worker")["origin"] == "amended"
    assert line_named(table, "2.00 FTE Agency Team Managers")["origin"] == "added"
    assert line_named(table, "QA Officer")["origin"] == "original"


def test_amounts_print_in_pounds_with_separators_and_a_minus_before_the_pound_sign():
    assert pounds(1_358_550_00) == "£1,358,550"
    assert pounds(-1_292_00) == "\u2212£1,292"
    assert pounds(1250) == "£12.50"
    assert variance_words(403_184_00) == "£403,184 overspend"
    assert variance_words(-208_100_00) == "£208,100 underspend"
    assert variance_words(0) == "£0"


def test_the_table_reads_in_four_queries_whatever_the_number_of_lines(
    plan, manager, django_assert_num_queries
):
    with django_assert_num_queries(4):
        finance_table(plan)
    point = ReportingPoint.objects.get(plan=plan)
    for n in range(180):  # ten times the lines
        line = save_tracked(
            BudgetLine(plan=plan, expenditure_group=f"Extra {n}", origin="added", order=100 + n),
            user=manager,
            reason="test",
        )
        save_tracked(Budget(line=line, year="2025/26", amount=100), user=manager, reason="test")
        save_tracked(
            FinanceFigure(line=line, point=point, actual=1, forecast=2), user=manager, reason="test"
        )
    with django_assert_num_queries(4):
        table = finance_table(plan)
    assert len(table["lines"]) == 200


def test_loading_the_table_again_writes_nothing(plan, manager):
    models = (ReportingPoint, BudgetLine, Budget, FinanceFigure)
    before = [m.history.count() for m in models]
    assert load_finance(plan, user=manager) == 0
    assert [m.history.count() for m in models] == before


def test_every_demo_row_is_in_the_history_with_the_reports_reason(plan):
    record = BudgetLine.history.filter(expenditure_group="Project Lead (1 FTE)").get()
    assert record.history_user.username == "manager"
    assert "Children and Families Committee 19 January 2026" in record.history_change_reason
    assert FinanceFigure.history.count() == 20
