"""Small helpers of the site: plain text for machines, dates by precision, the chart."""

from datetime import date

from config.charts import MAX_LABELS, year_chart
from config.templatetags.labsite import iso_date, paper_date, scholar_date
from config.text import latex_to_plain as plain
from papers.models import Paper


def test_plain_text_drops_latex_markup_but_keeps_symbols():
    assert plain(r"Seeing in $\mathbb{NIR}$ at $2\times$ speed") == "Seeing in NIR at 2× speed"
    assert plain(r"Costs 5\% less \& more") == "Costs 5% less & more"
    assert plain("Energy $E = mc^2$ and $x_{i}$") == "Energy E = mc2 and xi"
    assert plain("  spaced \n out  ") == "spaced out"
    assert plain("") == ""


def test_plain_text_tells_dollar_prices_from_math():
    assert plain("Why $5 and $10 prices differ from $x$") == "Why $5 and $10 prices differ from x"


def test_dates_follow_their_precision():
    day = Paper(date=date(2024, 7, 31), date_precision="day")
    month = Paper(date=date(2024, 7, 1), date_precision="month")
    year = Paper(date=date(2024, 1, 1), date_precision="year")
    assert [paper_date(p) for p in (day, month, year)] == ["Jul 31, 2024", "Jul 2024", "2024"]
    assert [iso_date(p) for p in (day, month, year)] == ["2024-07-31", "2024-07", "2024"]
    assert [scholar_date(p) for p in (day, month, year)] == ["2024/07/31", "2024/07", "2024"]
    assert paper_date(Paper(date=None)) == ""


def test_chart_fills_empty_years_and_scales_to_the_peak():
    chart = year_chart([(2020, 4), (2023, 2)])
    assert chart.rows == [(2020, 4), (2021, 0), (2022, 0), (2023, 2)]
    assert chart.total == 6 and chart.peak == 4
    tallest, _, _, half = chart.bars
    assert half.height * 2 == tallest.height
    assert year_chart([]) is None


def test_chart_labels_only_some_years_when_there_are_many():
    chart = year_chart([(1980, 1), (2025, 3)])
    labelled = [bar.year for bar in chart.bars if bar.show_label]
    assert len(labelled) <= MAX_LABELS and 2025 in labelled
    assert not chart.show_counts
