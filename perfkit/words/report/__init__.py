"""Words, number formats and display tables of the client reports, in English and Chinese.

The report notebooks hold narrative and calls only. Section headings, fixed
sentences that explain a method (never a result), column names and the small
tables and chart touches a report needs live here; sentences about results come
from :mod:`perfkit.words.findings`.

- :mod:`~perfkit.words.report.words`: numbered headings, bullets, segment names, number formats
  (the words are in :mod:`perfkit.text`);
- :mod:`~perfkit.words.report.tables`: tables from a :class:`~perfkit.analysis.compare.Comparison`;
- :mod:`~perfkit.words.report.charts`: wrapped labels, legends below, distinct ticks;
- :mod:`~perfkit.words.report.appendix`: sensitivity lever, appendix tables, output files;
- :mod:`~perfkit.words.report.client_data`: data checks, calibration and back-test tables;
- :mod:`~perfkit.words.report.calibration`: the calibration report's executive summary;
- :mod:`~perfkit.words.report.rewards`: the non-cash rewards granted and their cost;
- :mod:`~perfkit.words.report.population`: the population every plan ran on;
- :mod:`~perfkit.words.report.settings`: the appendix's settings in words, units and sources;
- :mod:`~perfkit.words.report.notes`: the simulation's notes in plain words;
- :mod:`~perfkit.words.report.lever`: what the sensitivity sweep's best value means for
  the recommendation;
- :mod:`~perfkit.words.escape` (beside this package, re-exported here): user-typed
  text made literal in Markdown and HTML.
"""

from perfkit.words.escape import html_text, md_text, safe_style
from perfkit.words.report.appendix import (
    key_parameter,
    reference_row,
    run_settings,
    scenario_parameters,
    summary_doc,
    sweep_curve,
    sweep_decision,
    sweep_table,
    write_outputs,
)
from perfkit.words.report.calibration import calibration_summary
from perfkit.words.report.charts import distinct_money_ticks, legend_below, wrap_ticks
from perfkit.words.report.client_data import (
    backtest_bands,
    backtest_mix,
    backtest_movers,
    backtest_table,
    calibrated_traits,
    data_overview,
    kpi_summary,
    missing_kpis,
)
from perfkit.words.report.display import md, table
from perfkit.words.report.lever import sweep_finding
from perfkit.words.report.notes import note_text, simulation_notes
from perfkit.words.report.population import (
    population_notes,
    population_phrase,
    population_sentence,
)
from perfkit.words.report.rewards import non_cash_cost, non_cash_table
from perfkit.words.report.settings import plan_settings_table, population_settings
from perfkit.words.report.tables import (
    change_by_segment,
    fit_table,
    flags_matrix,
    flags_table,
    grade_mix,
    grade_rules,
    key_metrics_table,
    labelled,
    measures_table,
    movers,
    pay_mix,
    plan_bands,
    population_overview,
    ranges_table,
    segment_bands,
)
from perfkit.words.report.words import (
    bullets,
    fmt_metric,
    heading,
    segment_word,
)

__all__ = [
    "backtest_bands",
    "backtest_mix",
    "backtest_movers",
    "backtest_table",
    "bullets",
    "calibrated_traits",
    "calibration_summary",
    "change_by_segment",
    "data_overview",
    "distinct_money_ticks",
    "fit_table",
    "flags_matrix",
    "flags_table",
    "fmt_metric",
    "grade_mix",
    "grade_rules",
    "heading",
    "html_text",
    "key_metrics_table",
    "key_parameter",
    "kpi_summary",
    "labelled",
    "legend_below",
    "md",
    "md_text",
    "measures_table",
    "missing_kpis",
    "movers",
    "non_cash_cost",
    "non_cash_table",
    "note_text",
    "pay_mix",
    "plan_bands",
    "plan_settings_table",
    "population_notes",
    "population_overview",
    "population_phrase",
    "population_sentence",
    "population_settings",
    "ranges_table",
    "reference_row",
    "run_settings",
    "safe_style",
    "scenario_parameters",
    "segment_bands",
    "segment_word",
    "simulation_notes",
    "summary_doc",
    "sweep_curve",
    "sweep_decision",
    "sweep_finding",
    "sweep_table",
    "table",
    "wrap_ticks",
    "write_outputs",
]
