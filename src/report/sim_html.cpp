#include "report/sim_html.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "report/html_style.hpp"
#include "report/html_text.hpp"
#include "report/svg_chart.hpp"
#include "sim/output.hpp"
#include "sim/units.hpp"

namespace parley::report {

namespace {

constexpr int kWidth = 720;
constexpr int kHeight = 200;
constexpr int kLeft = 64;
constexpr int kTop = 28;
constexpr int kBottom = 24;

/// A line over the run's time buckets, drawn the way the report's bar charts are: a titled <svg>, the scale's
/// top value written on the axis, every label escaped. A vertical band marks each disturbance.
std::string line_chart(const std::string& title, const std::vector<double>& values, double duration,
                       const std::vector<std::pair<double, double>>& bands, bool seconds) {
    if (values.empty()) {
        return "";
    }
    const double top = std::max(*std::max_element(values.begin(), values.end()), 1e-9);
    const double plot_w = kWidth - kLeft - 8;
    const double plot_h = kHeight - kTop - kBottom;
    auto x_at = [&](double t) {
        return kLeft + plot_w * t / duration;
    };
    auto y_at = [&](double v) {
        return kTop + plot_h * (1 - v / top);
    };
    std::string svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(kWidth) + " " +
                      std::to_string(kHeight) + "\" width=\"" + std::to_string(kWidth) + "\" height=\"" +
                      std::to_string(kHeight) + "\"><title>" + html_escape(title) +
                      "</title><text class=\"chart-title\" x=\"0\" y=\"16\">" + html_escape(title) + "</text>";
    for (const auto& [from, until] : bands) {
        svg += "<rect x=\"" + chart_number(x_at(from)) + "\" y=\"" + std::to_string(kTop) + "\" width=\"" +
               chart_number(std::max(1.0, x_at(until) - x_at(from))) + "\" height=\"" + chart_number(plot_h) +
               "\" fill=\"#e69f00\" fill-opacity=\"0.2\"/>";
    }
    svg += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" + chart_number(kTop + plot_h) + "\" x2=\"" +
           chart_number(kLeft + plot_w) + "\" y2=\"" + chart_number(kTop + plot_h) + "\" stroke=\"#888\"/>";
    const bool flat = top <= 1e-9;
    const std::string top_label = flat ? "0" : seconds ? sim::format_seconds(top) : sim::format_count(top);
    svg += "<text x=\"" + std::to_string(kLeft - 4) + "\" y=\"" + std::to_string(kTop + 4) + "\" text-anchor=\"end\">" +
           html_escape(top_label) + "</text><text x=\"" + std::to_string(kLeft - 4) + "\" y=\"" +
           chart_number(kTop + plot_h) + "\" text-anchor=\"end\">0</text>";
    svg += "<text x=\"" + chart_number(kLeft + plot_w) + "\" y=\"" + std::to_string(kHeight - 6) +
           "\" text-anchor=\"end\">" + html_escape(sim::format_seconds(duration)) + "</text>";
    std::string points;
    const double step = duration / static_cast<double>(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        points += chart_number(x_at((static_cast<double>(i) + 0.5) * step)) + "," + chart_number(y_at(values[i])) + " ";
    }
    svg += "<polyline fill=\"none\" stroke=\"#0072b2\" stroke-width=\"2\" points=\"" + points + "\"/></svg>";
    return svg;
}

std::string charts(const sim::Scenario& scenario, const sim::RunResult& run) {
    std::vector<double> depth;
    std::vector<double> wait;
    for (const auto& b : run.buckets) {
        depth.push_back(b.mean_depth);
        sim::CoarseHistogram all;
        for (const auto& h : b.wait) {
            all.merge(h);
        }
        wait.push_back(all.quantile(0.95));
    }
    std::vector<std::pair<double, double>> bands;
    for (const auto& d : scenario.disturbances) {
        bands.emplace_back(d.from, d.until);
    }
    return line_chart(scenario.name + ": queue depth (jobs waiting)", depth, run.duration, bands, false) +
           line_chart(scenario.name + ": p95 wait (enqueue to start)", wait, run.duration, bands, true);
}

std::string verdicts(const sim::SimulationReport& report) {
    if (report.verdicts.empty()) {
        return "<p>No requirement the runs can answer was found (give --problem with percentile, rate or drain "
               "targets).</p>";
    }
    std::string html = "<div "
                       "class=\"table-wrap\"><table><thead><tr><th>requirement</th><th>check</th><th>result</"
                       "th><th>simulated</th></tr>"
                       "</thead><tbody>";
    for (const auto& v : report.verdicts) {
        const std::string result = !v.checked ? "not checked" : v.met ? "met" : "not met";
        html += "<tr><td>" + html_escape(v.source + " line " + std::to_string(v.line) + ": " + v.requirement) +
                "</td><td>" + html_escape(v.check) + "</td><td><b>" + html_escape(result) + "</b></td><td>" +
                html_escape(v.simulated) + "</td></tr>";
    }
    return html + "</tbody></table></div>";
}

std::string parameters(const sim::SimulationReport& report) {
    std::string html =
        "<div "
        "class=\"table-wrap\"><table><thead><tr><th>parameter</th><th>value</th><th>source</th></tr></thead><tbody>";
    for (const auto& p : report.build.parameters) {
        html += "<tr><td>" + html_escape(p.name) + "</td><td>" + html_escape(p.value) + "</td><td>" +
                (p.assumed ? "<b>assumed</b> " : "") + html_escape(p.source) + "</td></tr>";
    }
    html += "</tbody></table></div>";
    for (const auto& note : report.build.notes) {
        html += "<p>Note: " + html_escape(note) + "</p>";
    }
    return html;
}

} // namespace

std::string render_simulation_html(const sim::SimulationReport& report) {
    std::string html = html_page_open("Simulation of the design's queue") + "<h1>Simulation of the design's queue</h1>";
    if (report.cannot) {
        html += "<p><b>" + html_escape(*report.cannot) + "</b>. Missing:</p><ul>";
        for (const auto& m : report.build.missing) {
            html += "<li>" + html_escape(m) + "</li>";
        }
        return html + "</ul></main></body></html>\n";
    }
    html += "<h2>Verdicts</h2>" + verdicts(report);
    std::string assumed;
    for (const auto& p : report.build.parameters) {
        if (p.assumed) {
            assumed += (assumed.empty() ? "" : ", ") + p.name + " " + p.value;
        }
    }
    if (!assumed.empty()) {
        html += "<p><b>Assumed</b> (not stated in the design): " + html_escape(assumed) + ".</p>";
    }
    for (std::size_t i = 0; i < report.runs.size(); ++i) {
        html += "<h2>" + html_escape(sim::describe_scenario(report.scenarios[i])) + "</h2><p>" +
                html_escape(sim::describe_run(report.runs[i])) + "</p>" + charts(report.scenarios[i], report.runs[i]);
    }
    html += "<h2>Parameters and where they came from</h2>" + parameters(report);
    html += "<p>Seed " + std::to_string(report.seed) +
            "; discrete-event simulation in virtual time (see docs/simulate.md for what the model leaves out).</p>";
    return html + "</main></body></html>\n";
}

} // namespace parley::report
