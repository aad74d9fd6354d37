#include "report/html_scores.hpp"

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
    std::string out = "<table class=\"scores\"><thead><tr><th>Category</th><th>Mean</th><th>95% interval</th>"
                      "<th>Agreement</th></tr></thead><tbody>";
    for (const auto& s : panel_means(scores)) {
        const std::string interval =
            s.low && s.high ? two_decimals(*s.low) + " – " + two_decimals(*s.high) : std::string("n/a");
        out += "<tr><td>" + html_escape(s.category) + "</td><td>" +
               (s.score ? two_decimals(*s.score) : std::string("withheld (no usable score)")) + "</td><td>" + interval +
               "</td><td>" + html_escape(s.agreement) + "</td></tr>";
    }
    return out + "</tbody></table>";
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
