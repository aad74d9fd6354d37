#include "report/html_comparison.hpp"

#include <cmath>

#include "report/comparison.hpp"
#include "report/eval_scores.hpp"
#include "report/figures.hpp"
#include "report/html_style.hpp"
#include "report/html_text.hpp"
#include "report/svg_chart.hpp"

namespace parley::report {

namespace {

std::string scores_text(const ComparisonRow& r) {
    const auto line = panel_means_line(r.scores);
    return line.empty() ? std::string(kUnknownFigure) : line;
}

std::string cell(const std::string& text) {
    return "<td>" + html_escape(text) + "</td>";
}

BarChart chart_of(const std::vector<ComparisonRow>& rows, const char* title, const char* unit,
                  std::optional<double> (*value)(const ComparisonRow&)) {
    BarChart chart{title, unit, {}, {{title, {}}}};
    for (const auto& r : rows) {
        chart.labels.push_back(r.source);
        chart.series[0].values.push_back(value(r));
    }
    return chart;
}

} // namespace

std::string render_comparison_html(const std::vector<ComparedDebate>& debates) {
    const auto rows = comparison_rows(debates);
    const std::string title = "Comparison of " + std::to_string(rows.size()) + " debates";
    std::string out = html_page_open(title);
    out += "<h1>" + title +
           "</h1><section id=\"comparison\"><div class=\"table-wrap\"><table><thead><tr>"
           "<th>Debate</th><th>Problem</th><th>Status</th><th>Config</th><th>Models</th><th>Confidence</th>"
           "<th>Requirements (met / partly / not)</th><th>Scores</th><th>Cost</th><th>Tokens</th><th>Time</th>"
           "</tr></thead><tbody>";
    for (const auto& r : rows) {
        out += "<tr>" + cell(r.source) + cell(r.problem) + cell(r.status) + cell(comparison_config_text(r)) +
               cell(comparison_models_text(r)) +
               cell(r.confidence ? format_number(std::round(*r.confidence * 10.0) / 10.0) + "/100" : "not given") +
               cell(std::to_string(r.requirements_met) + " / " + std::to_string(r.requirements_partly) + " / " +
                    std::to_string(r.requirements_not_met)) +
               cell(scores_text(r)) + cell(comparison_cost_text(r)) +
               cell(format_tokens(r.figures.total_tokens, r.figures.tokens_estimated)) +
               cell(format_duration(r.figures.wall_ms)) + "</tr>";
    }
    out += "</tbody></table></div></section>\n<section id=\"charts\"><h2>Charts</h2><div class=\"charts\">";
    auto confidence = chart_of(rows, "Confidence", "/100", [](const ComparisonRow& r) { return r.confidence; });
    confidence.scale_max = 100; // 21/100 is a fifth of the bar, not the whole of it when it is the largest
    out += svg_bar_chart(confidence);
    out += svg_bar_chart(chart_of(rows, "Tokens", "tokens", [](const ComparisonRow& r) {
        return std::optional<double>(static_cast<double>(r.figures.total_tokens));
    }));
    out += svg_bar_chart(chart_of(rows, "Time", "ms", [](const ComparisonRow& r) {
        return r.figures.recorded ? std::optional<double>(r.figures.wall_ms) : std::nullopt;
    }));
    out += "</div></section>\n<section id=\"decisions\"><h2>Decisions</h2>";
    for (const auto& r : rows) {
        out += "<h3><bdi>" + html_escape(r.source) + "</bdi></h3><p class=\"decision\">" + html_escape(r.decision) +
               "</p>";
    }
    return out + "</section></main></body></html>\n";
}

} // namespace parley::report
