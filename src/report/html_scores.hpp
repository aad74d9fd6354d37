#pragma once
// The panel's scores as an HTML table, shared by the report's summary and the page `parley eval -o FILE.html`
// writes, so both read the same.

#include <string>
#include <vector>

#include "report/summary.hpp"

namespace parley::report {

/// A `<table class="scores">` of the panel's means (category, mean, 95% interval, agreement); a withheld score
/// reads "withheld (no usable score)". Every text is escaped.
std::string html_scores_table(const std::vector<EvalScore>& scores);

/// The scores as a chart (svg_score_chart): one row per category and evaluator ("panel mean" for the panel's),
/// on 0-10 unless one lies past it; a score without an interval is a point, a withheld one is left out (the table
/// says it was withheld).
std::string html_score_chart(const std::vector<EvalScore>& scores);

/// The warnings as a `<ul class="warnings">`, each escaped; empty when there are none.
std::string html_warnings(const std::vector<std::string>& warnings);

} // namespace parley::report
