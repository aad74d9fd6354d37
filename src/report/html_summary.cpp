#include "report/html_summary.hpp"

#include <cmath>

#include "report/figures.hpp"
#include "report/html_text.hpp"
#include "report/svg_chart.hpp"
#include "review/review.hpp"
#include "util/utf8.hpp"

namespace parley::report {

namespace {

constexpr std::size_t kDecisionBytes = 900;
constexpr std::size_t kTopItems = 5;

// The first paragraph of prose of the judge's description: its headings are structure, not the decision.
std::string first_paragraph(const std::string& text) {
    std::string paragraph;
    std::size_t at = 0;
    while (at <= text.size()) {
        const auto end = std::min(text.find('\n', at), text.size());
        const std::string_view line(text.data() + at, end - at);
        const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
        if (blank || line.front() == '#') {
            if (!paragraph.empty()) {
                break;
            }
        } else {
            paragraph += (paragraph.empty() ? "" : " ") + std::string(line);
        }
        at = end + 1;
    }
    if (paragraph.size() > kDecisionBytes) {
        paragraph = util::truncate_utf8(paragraph, kDecisionBytes) + "…";
    }
    return paragraph;
}

std::string list(const std::vector<std::string>& items, const char* when_empty) {
    if (items.empty()) {
        return std::string("<p class=\"none\">") + when_empty + "</p>";
    }
    std::string out = "<ul>";
    for (std::size_t i = 0; i < items.size() && i < kTopItems; ++i) {
        out += "<li>" + html_escape(items[i]) + "</li>";
    }
    out += "</ul>";
    if (items.size() > kTopItems) {
        out +=
            "<p><a href=\"#synthesis\">" + std::to_string(items.size() - kTopItems) + " more in the synthesis</a></p>";
    }
    return out;
}

std::string scorecard(const debate::DebateState& state) {
    const auto& s = *state.final_solution;
    if (!review::is_task_queue_problem(state.problem)) {
        return "";
    }
    const auto review = review::review_design(review::solution_text(s.description, s.implementation), state.problem);
    std::string out = "<h3 id=\"scorecard\">Requirement scorecard</h3>";
    const auto& sum = review.summary;
    out += "<p>Checklist: " + std::to_string(sum.covered) + " covered, " + std::to_string(sum.missing) + " missing, " +
           std::to_string(sum.contradicted) + " contradicted · capacity checks: " + std::to_string(sum.checks_ok) +
           " ok, " + std::to_string(sum.checks_wrong) + " wrong, " + std::to_string(sum.checks_unknown) +
           " unknown.</p>";
    if (!review.requirements || review.requirements->empty()) {
        return out + "<p class=\"none\">The problem states no requirement parley can map.</p>";
    }
    out += "<table class=\"scorecard\"><thead><tr><th>Requirement</th><th>Status</th><th>Why</th></tr></thead><tbody>";
    for (const auto& r : *review.requirements) {
        const bool partly = !r.addressed && !r.unmet_numbers.empty() && r.unmet_numbers.size() < r.numbers.size();
        const char* status = r.addressed ? "met" : partly ? "partly" : "not met";
        const char* css = r.addressed ? "status-met" : partly ? "status-partly" : "status-not-met";
        out += "<tr><td>" + html_escape(r.text) + " <span class=\"meta\">problem line " + std::to_string(r.line) +
               "</span></td><td class=\"" + css + "\">" + status + "</td><td>" +
               html_escape(r.addressed ? std::string("addressed in the synthesis") : r.reason) + "</td></tr>";
    }
    for (const auto& c : review.capacity.checks) {
        if (c.verdict == review::Verdict::wrong) {
            out += "<tr><td>" + html_escape(c.statement) + " <span class=\"meta\">capacity, line " +
                   std::to_string(c.line) + "</span></td><td class=\"status-wrong\">wrong</td><td>" +
                   html_escape(c.note) + "</td></tr>";
        }
    }
    return out + "</tbody></table>";
}

std::string run_figures(const debate::DebateState& state) {
    const auto& m = state.metrics;
    std::string out = "<h3 id=\"run\">Run</h3><table class=\"run\"><tbody>";
    const auto row = [&](const std::string& name, const std::string& value) {
        out += "<tr><th>" + name + "</th><td>" + html_escape(value) + "</td></tr>";
    };
    if (m.calls == 0) {
        long contributions = 0;
        long used = 0;
        for (const auto& round : state.rounds) {
            for (const auto& c : round.contributions) {
                ++contributions;
                used += c.metadata.tokens_used.value_or(0);
            }
        }
        row("Contributions", std::to_string(contributions));
        row("Tokens recorded", std::to_string(used));
        return out + "</tbody></table><p class=\"meta\">This file records no run metrics (dialectic does not save "
                     "them); the figures are taken from the contributions.</p>";
    }
    row("Cost", has_cost(m) ? cost_text(m.cost) : std::string("none recorded"));
    row("Tokens", std::to_string(m.total_tokens) + (m.tokens_estimated ? " (estimated)" : ""));
    row("Calls",
        std::to_string(m.calls) + (m.calls_failed > 0 ? ", " + std::to_string(m.calls_failed) + " failed" : ""));
    row("Wall time", duration_text(m.wall_ms));
    return out + "</tbody></table>";
}

} // namespace

std::string html_summary_section(const debate::DebateState& state, const Participants& people) {
    std::string out = "<section id=\"summary\"><h2>Summary</h2>";
    if (!state.final_solution) {
        out += "<p class=\"decision\">No decision: the debate ended with status <b>" + html_escape(state.status) +
               "</b> before the judge's synthesis.</p>";
        return out + run_figures(state) + "</section>";
    }
    const auto& s = *state.final_solution;
    const auto decision = first_paragraph(s.description);
    out += "<p class=\"decision\">" +
           (decision.empty() ? std::string("The judge wrote no description.") : html_escape(decision)) +
           " <a href=\"#synthesis\">Full synthesis</a></p>";
    out +=
        "<p class=\"confidence\">Confidence: " +
        (s.confidence ? chart_number(std::round(*s.confidence * 10.0) / 10.0, 1) + "/100" : std::string("not given")) +
        (s.synthesized_by.empty() ? std::string()
                                  : " · synthesized by " + html_escape(people.label(s.synthesized_by))) +
        "</p>";
    out += scorecard(state);
    out +=
        "<h3 id=\"unmet\">Unfulfilled major requirements</h3>" + list(s.unfulfilled_major_requirements, "None listed.");
    out += "<h3 id=\"risks\">Trade-offs and risks</h3>" + list(s.tradeoffs, "None listed.");
    out += "<h3 id=\"questions\">Open questions</h3>" + list(s.open_questions, "None listed.");
    return out + run_figures(state) + "</section>";
}

} // namespace parley::report
