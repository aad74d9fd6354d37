#include "report/html_scores.hpp"

#include <algorithm>
#include <cmath>

#include "report/eval_scores.hpp"
#include "report/html_text.hpp"
#include "report/svg_chart.hpp"

namespace parley::report {

namespace {

std::string two_decimals(double v) {
    return chart_number(std::round(v * 100.0) / 100.0, 2);
}

} // namespace

std::string html_scores_table(const std::vector<EvalScore>& scores) {
    std::string out = "<div class=\"table-wrap\"><table "
                      "class=\"scores\"><thead><tr><th>Category</th><th>Mean</th><th>95% interval</th>"
                      "<th>Agreement</th></tr></thead><tbody>";
    for (const auto& s : panel_means(scores)) {
        const std::string interval =
            s.low && s.high ? two_decimals(*s.low) + " – " + two_decimals(*s.high) : std::string("n/a");
        out += "<tr><td>" + html_escape(s.category) + "</td><td>" +
               (s.score ? two_decimals(*s.score) : std::string("withheld (no usable score)")) + "</td><td>" + interval +
               "</td><td>" + html_escape(s.agreement) + "</td></tr>";
    }
    return out + "</tbody></table></div>";
}

std::string html_score_chart(const std::vector<EvalScore>& scores) {
    ScoreChart chart{"Scores per category and evaluator", 0, 10, {}};
    for (const auto& s : scores) {
        if (!s.score) {
            continue;
        }
        const double low = s.low.value_or(*s.score);
        const double high = s.high.value_or(*s.score);
        chart.scale_max = std::max({chart.scale_max, *s.score, high});
        chart.scores.push_back({s.category, s.evaluator.empty() ? "panel mean" : s.evaluator, *s.score, low, high});
    }
    chart.scale_max = std::ceil(chart.scale_max);
    return svg_score_chart(chart);
}

std::string html_warnings(const std::vector<std::string>& warnings) {
    if (warnings.empty()) {
        return {};
    }
    std::string out = "<ul class=\"warnings\">";
    for (const auto& w : warnings) {
        out += "<li><b>Warning:</b> " + html_escape(w) + "</li>";
    }
    return out + "</ul>";
}

} // namespace parley::report
