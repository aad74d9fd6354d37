#include "report/html_summary.hpp"

#include <cmath>

#include "report/figures.hpp"
#include "report/html_scores.hpp"
#include "report/html_text.hpp"
#include "report/svg_chart.hpp"

namespace parley::report {

namespace {

std::string list(const std::vector<std::string>& items, const char* when_empty) {
    if (items.empty()) {
        return std::string("<p class=\"none\">") + when_empty + "</p>";
    }
    std::string out = "<ul>";
    for (const auto& item : items) {
        out += "<li>" + html_escape(item) + "</li>";
    }
    return out + "</ul>";
}

const char* status_class(RequirementStatus status) {
    switch (status) {
    case RequirementStatus::met:
        return "status-met";
    case RequirementStatus::partly:
        return "status-partly";
    case RequirementStatus::not_met:
        return "status-not-met";
    case RequirementStatus::not_judged:
    case RequirementStatus::unknown:
        break;
    }
    return "status-unknown";
}

std::string basis(const std::string& text) {
    return text.empty() ? std::string() : "<p class=\"meta\">" + html_escape(text) + "</p>";
}

std::string scorecard(const ReportSummary& s) {
    std::string out = "<h3 id=\"scorecard\">Requirement scorecard</h3>";
    if (s.requirements.empty()) {
        return out + "<p class=\"none\">No requirement found in the problem.</p>" + basis(s.requirements_basis);
    }
    out += "<div class=\"table-wrap\"><table "
           "class=\"scorecard\"><thead><tr><th>#</th><th>Requirement</th><th>Status</th><th>Why</th>"
           "<th>Where argued</th></tr></thead><tbody>";
    for (const auto& r : s.requirements) {
        out += "<tr><td>" + html_escape(r.id) + "</td><td>" + html_escape(r.text) + "</td><td class=\"" +
               status_class(r.status) + "\">" + to_string(r.status) + "</td><td>" + html_escape(r.reason) +
               "</td><td>" + (r.where.empty() ? std::string("not argued") : html_escape(r.where)) + "</td></tr>";
    }
    return out + "</tbody></table></div>" + basis(s.requirements_basis);
}

std::string risks(const ReportSummary& s, bool full_report) {
    std::string out = "<h3 id=\"risks\">Top risks</h3>" + list(s.risks, "None listed.");
    if (s.more_risks > 0) {
        const std::string more = std::to_string(s.more_risks) + " more in the synthesis";
        out += full_report ? "<p><a href=\"#synthesis\">" + more + "</a></p>" : "<p>" + more + "</p>";
    }
    return out;
}

std::string disagreements(const ReportSummary& s) {
    std::string out = "<h3 id=\"disagreements\">Disagreements that remained</h3>";
    if (s.disagreements.empty()) {
        return out + "<p class=\"none\">None recorded.</p>" + basis(s.disagreements_basis);
    }
    out += "<ul class=\"disagreements\">";
    for (const auto& d : s.disagreements) {
        out += "<li><b>" + html_escape(d.topic) + "</b><ul>";
        for (const auto& side : d.positions) {
            std::string who;
            for (const auto& agent : side.agents) {
                who += (who.empty() ? "" : ", ") + agent;
            }
            out += "<li>" + html_escape(side.position) +
                   (who.empty() ? "" : " — held by <bdi>" + html_escape(who) + "</bdi>") + "</li>";
        }
        out += "</ul></li>";
    }
    return out + "</ul>" + basis(s.disagreements_basis);
}

std::string run_figures(const ReportSummary& s) {
    const auto& f = s.figures;
    std::string out = "<h3 id=\"run\">Run</h3><div class=\"table-wrap\"><table class=\"run\"><tbody>";
    const auto row = [&](const char* name, const std::string& value) {
        out += std::string("<tr><th>") + name + "</th><td>" + html_escape(value) + "</td></tr>";
    };
    const std::string estimated = f.tokens_estimated ? " (estimated)" : "";
    if (!f.recorded) {
        row("Contributions", std::to_string(f.calls));
        row("Tokens recorded", std::to_string(f.total_tokens) + estimated);
        row("Rounds", std::to_string(f.rounds));
        return out +
               "</tbody></table></div><p class=\"meta\">This file records no run metrics (dialectic does not save "
               "them); the figures are taken from the contributions.</p>";
    }
    row("Cost", f.cost.usd > 0 || f.cost.unknown_calls > 0 ? util::format_money(f.cost) : std::string("none recorded"));
    row("Tokens", std::to_string(f.total_tokens) + estimated);
    row("Calls",
        std::to_string(f.calls) + (f.calls_failed > 0 ? ", " + std::to_string(f.calls_failed) + " failed" : ""));
    row("Time", format_duration(f.wall_ms));
    row("Rounds", std::to_string(f.rounds));
    return out + "</tbody></table></div>";
}

std::string simulations(const ReportSummary& s) {
    if (s.simulations.empty()) {
        return "";
    }
    std::string out = "<h3 id=\"simulation\">Simulation</h3><ul class=\"simulations\">";
    for (const auto& line : s.simulations) {
        out += "<li><b>" + html_escape(line.who) + ":</b> " + html_escape(line.headline);
        if (!line.details.empty()) {
            out += "<ul>";
            for (const auto& detail : line.details) {
                out += "<li>" + html_escape(detail) + "</li>";
            }
            out += "</ul>";
        }
        out += "</li>";
    }
    return out + "</ul>" + basis(s.simulations_basis);
}

} // namespace

std::string html_summary_section(const ReportSummary& s, bool full_report) {
    std::string out = "<section id=\"summary\"><h2>Summary</h2>";
    if (!s.title.empty()) {
        out += "<p class=\"problem-title\">" + html_escape(s.title) + "</p>";
    }
    if (!s.error.empty()) {
        out += "<p class=\"notice\"><b>The run failed:</b> " + html_escape(s.error) + "</p>";
    }
    if (!s.no_verdict.empty()) {
        out += "<p class=\"notice\" id=\"no-verdict\"><b>No usable verdict from the judge:</b> " +
               html_escape(s.no_verdict) + "</p>";
    }
    out += "<p class=\"decision\">" + html_escape(s.decision) +
           (full_report ? " <a href=\"#synthesis\">Full synthesis</a>" : "") + "</p>";
    out +=
        "<p class=\"confidence\">Confidence: " +
        (s.confidence ? chart_number(std::round(*s.confidence * 10.0) / 10.0, 1) + "/100"
                      : (s.no_verdict.empty() ? std::string("not given") : std::string("none")) +
                            (s.confidence_note.empty() ? std::string() : " (" + html_escape(s.confidence_note) + ")")) +
        "</p>";
    if (!s.baseline.empty()) {
        out += "<p class=\"baseline\" id=\"baseline\">Against its baseline: " + html_escape(s.baseline) + "</p>";
    }
    out += scorecard(s) + risks(s, full_report) + simulations(s) + disagreements(s);
    out += "<h3 id=\"questions\">Open questions</h3>" + list(s.open_questions, "None listed.");
    out += run_figures(s);
    if (!s.scores.empty()) {
        out += "<h3 id=\"scores\">Evaluation scores</h3>" + html_scores_table(s.scores) + basis(s.scores_basis) +
               html_warnings(s.score_warnings);
    }
    return out + "</section>\n";
}

} // namespace parley::report
