#include "report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "debate/clarifications.hpp"
#include "report/baseline_section.hpp"
#include "report/design_verdict.hpp"
#include "report/figures.hpp"
#include "report/html_scores.hpp"
#include "report/html_style.hpp"
#include "report/html_summary.hpp"
#include "report/html_text.hpp"
#include "report/participants.hpp"
#include "report/positions_report.hpp"
#include "report/svg_chart.hpp"
#include "report/svg_debate_charts.hpp"
#include "report/voting_section.hpp"

namespace parley::report {

using debate::CallMetadata;
using debate::Contribution;
using debate::ContributionType;
using debate::DebateState;

namespace {

constexpr const char* kUnknown = "—";

const char* phase_title(ContributionType type) {
    return type == ContributionType::proposal   ? "Proposals"
           : type == ContributionType::critique ? "Critiques"
                                                : "Refinements";
}

/// Where each contribution sits in the page: its anchor, and for a critique the anchor of what it criticises.
struct Anchors {
    std::map<const Contribution*, std::string> id;
    std::map<const Contribution*, std::string> target;
};

// A critique criticises its target's latest proposal or refinement: round 1's proposal, or the refinement of
// the round before. Ids are made unique so a file with repeated contributions still links somewhere.
Anchors anchor_contributions(const DebateState& state) {
    Anchors out;
    std::set<std::string> used;
    std::map<std::string, std::string> latest_solution;
    for (const auto& round : state.rounds) {
        const std::string prefix = "r" + std::to_string(round.round_number) + "-";
        for (const auto type : {ContributionType::proposal, ContributionType::critique, ContributionType::refinement}) {
            for (const auto& c : round.contributions) {
                if (c.type != type) {
                    continue;
                }
                std::string id = prefix + debate::to_string(c.type) + "-" + html_anchor(c.agent_id);
                if (c.type == ContributionType::critique) {
                    id += "~" + html_anchor(c.target_agent_id);
                    if (const auto it = latest_solution.find(c.target_agent_id); it != latest_solution.end()) {
                        out.target[&c] = it->second;
                    }
                }
                std::string unique = id;
                for (int n = 2; !used.insert(unique).second; ++n) {
                    unique = id + "~" + std::to_string(n);
                }
                out.id[&c] = unique;
            }
            // Refinements become the latest solution only after the round's critiques have been anchored.
            for (const auto& c : round.contributions) {
                if (c.type == type && type != ContributionType::critique) {
                    latest_solution[c.agent_id] = out.id[&c];
                }
            }
        }
    }
    return out;
}

// The names stay as written: the caller escapes the whole line.
std::string metadata_text(const CallMetadata& m) {
    return call_metadata_line(m, [](std::string_view name) { return std::string(name); });
}

std::string text_block(const std::string& text) {
    return text.empty() ? "<p class=\"none\">(empty)</p>"
                        : "<div class=\"text\" dir=\"auto\">" + html_escape(text) + "</div>";
}

class HtmlRenderer {
public:
    HtmlRenderer(const DebateState& state, const ReportSummary& summary, const ReportOptions& options)
        : state_(state), summary_(summary), options_(options), people_(state), anchors_(anchor_contributions(state)) {}

    std::string render() {
        head();
        if (options_.brief) {
            out_ += "<main>";
            title();
            design_verdict();
            summary(false);
            out_ += "</main></body></html>\n";
            return std::move(out_);
        }
        contents();
        out_ += "<main>";
        title();
        design_verdict();
        summary(true);
        charts();
        problem();
        participants();
        clarifications();
        out_ += "<section id=\"debate\"><h2>Debate</h2>";
        agent_links();
        if (state_.rounds.empty()) {
            out_ += "<p class=\"none\">No rounds recorded.</p>";
        }
        for (const auto& round : state_.rounds) {
            this->round(round);
        }
        out_ += "</section>";
        if (has_dynamics()) {
            out_ += positions_html(state_, people_);
        }
        synthesis();
        if (state_.voting) {
            out_ += voting_html(*state_.voting);
        }
        if (state_.baseline) {
            out_ += baseline_html(*state_.baseline);
        }
        metrics();
        if (options_.with_prompts) {
            prompts();
        }
        out_ += "</main></body></html>\n";
        return std::move(out_);
    }

private:
    std::string label(const std::string& id, const std::string& role_hint = "") const {
        return "<bdi>" + html_escape(people_.label(id, role_hint)) + "</bdi>";
    }

    bool has_dynamics() const { return state_.termination || !state_.positions.empty(); }

    // The summary section, with how the debate stopped and the minority report inside it.
    void summary(bool full_report) {
        auto section = html_summary_section(summary_, full_report);
        const auto end = section.rfind("</section>");
        section.insert(end == std::string::npos ? section.size() : end, dynamics_summary_html(state_, people_));
        out_ += section;
    }

    void head() {
        out_ += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"";
        out_ += html_escape(kHtmlReportCsp);
        out_ += "\"><meta name=\"referrer\" content=\"no-referrer\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<meta name=\"generator\" content=\"parley\"><title>Debate ";
        out_ += html_escape(state_.id) + "</title><style>";
        out_ += html_report_css();
        out_ += "</style></head><body>\n";
    }

    // The contents bar: every section and every round, on one line that scrolls sideways on a narrow screen, so
    // its height is known and the scroll margin of every anchor clears it (html_style's --bar).
    void contents() {
        out_ += "<nav id=\"contents\" aria-label=\"Contents\"><ul>" +
                std::string(state_.design ? "<li><a href=\"#design-review\">Design review</a></li>" : "") +
                "<li><a href=\"#summary\">Summary</a></li><li><a href=\"#charts\">Charts</a></li>"
                "<li><a href=\"#problem\">Problem</a></li><li><a href=\"#participants\">Participants</a></li>";
        for (const auto& round : state_.rounds) {
            const auto n = std::to_string(round.round_number);
            out_ += "<li><a href=\"#round-" + n + "\">Round " + n + "</a></li>";
        }
        if (has_dynamics()) {
            out_ += "<li><a href=\"#positions\">Positions</a></li>";
        }
        out_ += "<li><a href=\"#synthesis\">Synthesis</a></li>" +
                std::string(state_.voting ? "<li><a href=\"#voting\">Vote</a></li>" : "") +
                std::string(state_.baseline ? "<li><a href=\"#equal-cost-baseline\">Baseline</a></li>" : "") +
                "<li><a href=\"#metrics\">Metrics</a></li></ul></nav>\n";
    }

    // Each agent's contributions, at the head of the debate rather than in the sticky bar: open there, the list
    // would cover the contribution a link jumps to.
    void agent_links() {
        if (people_.agents().empty()) {
            return;
        }
        out_ += "<details class=\"agent-links\"><summary>Contributions by agent</summary><ul>";
        for (const auto& agent : people_.agents()) {
            out_ += "<li>" + label(agent.info.id) + ": ";
            for (const auto& round : state_.rounds) {
                for (const auto& c : round.contributions) {
                    if (c.agent_id != agent.info.id) {
                        continue;
                    }
                    std::string text = "R" + std::to_string(round.round_number) + " " + debate::to_string(c.type);
                    if (c.type == ContributionType::critique) {
                        text += " of " + people_.label(c.target_agent_id);
                    }
                    out_ += "<a href=\"#" + anchors_.id.at(&c) + "\">" + html_escape(text) + "</a> ";
                }
            }
            out_ += "</li>";
        }
        out_ += "</ul></details>";
    }

    // A design-review debate opens with the review of the design as given beside the final one, and the decision.
    void design_verdict() {
        if (const auto verdict = build_design_verdict(state_)) {
            out_ += design_verdict_html(*verdict);
        }
    }

    void title() {
        out_ += "<header><h1>Debate <bdi>" + html_escape(state_.id) + "</bdi></h1><p class=\"facts\">Status " +
                html_escape(state_.status) + " · created " +
                (state_.created_at.empty() ? std::string(kUnknown) : html_escape(state_.created_at)) + " · " +
                std::to_string(state_.rounds.size()) + (state_.rounds.size() == 1 ? " round" : " rounds") +
                (state_.offline ? " · seed " + std::to_string(state_.seed) : std::string()) + "</p>";
        if (state_.offline) {
            out_ += "<p class=\"notice\"><b>Offline run.</b> Answers from the offline provider are parley's built-in "
                    "deterministic text, assembled from the problem statement: not the judgement of a language "
                    "model. Use them to check the pipeline and the format, not to make a design decision.</p>";
        }
        out_ += "</header>\n";
    }

    void charts() {
        out_ += "<section id=\"charts\"><h2>Charts</h2><div class=\"charts\">";
        out_ += svg_bar_chart(phase_time_chart(state_));
        out_ += svg_bar_chart(phase_token_chart(state_));
        out_ += svg_bar_chart(agent_cost_chart(state_, people_));
        out_ += svg_bar_chart(provider_latency_chart(state_));
        if (!summary_.scores.empty()) {
            out_ += html_score_chart(summary_.scores);
        }
        out_ += "</div>";
        if (state_.metrics.wall_ms == 0 && state_.metrics.calls > 0) {
            out_ += "<p class=\"meta\">Durations are recorded as 0 in reproducible mode (SOURCE_DATE_EPOCH set), so "
                    "runs compare byte for byte.</p>";
        }
        out_ += "</section>\n";
    }

    void problem() {
        out_ +=
            "<section id=\"problem\"><h2>Problem</h2><details class=\"problem\"><summary>Problem statement</summary>" +
            text_block(state_.problem) + "</details>";
        if (!state_.context.empty()) {
            out_ += "<details class=\"context\"><summary>Context</summary>" + text_block(state_.context) + "</details>";
        }
        out_ += "</section>\n";
    }

    void person_rows(const Participant& p) {
        const auto cell = [](const std::string& s) {
            return "<td>" + (s.empty() ? std::string(kUnknown) : html_escape(s)) + "</td>";
        };
        out_ += "<tr>" + cell(p.info.id) + cell(p.info.name) + cell(p.info.role) + cell(p.info.model) +
                cell(p.info.provider) + "<td>" +
                (p.configured ? chart_number(p.info.temperature, 2) : std::string(kUnknown)) + "</td></tr>";
    }

    void participants() {
        out_ += "<section id=\"participants\"><h2>Participants</h2>";
        const char* header = "<div "
                             "class=\"table-wrap\"><table><thead><tr><th>ID</th><th>Name</th><th>Role</th><th>Model</"
                             "th><th>Provider</th>"
                             "<th>Temperature</th></tr></thead><tbody>";
        if (people_.agents().empty()) {
            out_ += "<p class=\"none\">No agents recorded.</p>";
        } else {
            if (!people_.agents().front().configured) {
                out_ += "<p class=\"meta\">This file records no participant configuration (dialectic does not save "
                        "it); the agents are taken from the contributions.</p>";
            }
            out_ += header;
            for (const auto& p : people_.agents()) {
                person_rows(p);
            }
            out_ += "</tbody></table></div>";
        }
        out_ += "<h3>Judge</h3>";
        if (people_.judge()) {
            out_ += header;
            person_rows(*people_.judge());
            out_ += "</tbody></table></div>";
        } else {
            out_ += "<p class=\"none\">No judge recorded.</p>";
        }
        out_ += "</section>\n";
    }

    void clarifications() {
        bool any = false;
        for (const auto& group : state_.clarifications) {
            any = any || !group.items.empty();
        }
        if (!any) {
            return;
        }
        out_ += "<section id=\"clarifications\"><h2>Clarifications</h2>";
        for (const auto& group : state_.clarifications) {
            if (group.items.empty()) {
                continue;
            }
            const std::string name = group.agent_name.empty() ? group.agent_id : group.agent_name;
            out_ +=
                "<h3><bdi>" + html_escape(name + (group.role.empty() ? "" : " (" + group.role + ")")) + "</bdi></h3>";
            if (const auto meta = metadata_text(group.metadata); !meta.empty()) {
                out_ += "<p class=\"meta\">" + html_escape(meta) + "</p>";
            }
            out_ += "<dl>";
            for (const auto& item : group.items) {
                out_ += "<dt>" + html_escape(item.id.empty() ? "Q" : "Q " + item.id) + ": " +
                        html_escape(item.question) + "</dt><dd>" +
                        html_escape(item.answer.empty() ? std::string(debate::kUnanswered) : item.answer) + "</dd>";
            }
            out_ += "</dl>";
        }
        out_ += "</section>\n";
    }

    void contribution(const Contribution& c) {
        out_ += "<details class=\"contribution\" id=\"" + anchors_.id.at(&c) + "\"><summary>" +
                label(c.agent_id, c.agent_role);
        if (c.type == ContributionType::critique) {
            out_ += " → " + (c.target_agent_id.empty() ? std::string(kUnknown) : label(c.target_agent_id));
        }
        if (const auto meta = metadata_text(c.metadata); !meta.empty()) {
            out_ += "<span class=\"meta\">" + html_escape(meta) + "</span>";
        }
        out_ += "</summary>";
        if (const auto it = anchors_.target.find(&c); it != anchors_.target.end()) {
            out_ += "<p class=\"target\"><a href=\"#" + it->second +
                    "\">What this critique answers: " + label(c.target_agent_id) + "'s solution</a></p>";
        }
        out_ += text_block(c.content) + "</details>\n";
    }

    void round(const debate::Round& round) {
        const auto n = std::to_string(round.round_number);
        out_ += "<details class=\"round\" id=\"round-" + n + "\"><summary>Round " + n + "</summary>";
        for (const auto type : {ContributionType::proposal, ContributionType::critique, ContributionType::refinement}) {
            std::size_t count = 0;
            for (const auto& c : round.contributions) {
                count += c.type == type ? 1 : 0;
            }
            if (count == 0) {
                continue;
            }
            out_ += "<details class=\"phase\" id=\"round-" + n + "-" + debate::to_string(type) + "\"><summary>" +
                    phase_title(type) + " <span class=\"meta\">" + std::to_string(count) + "</span></summary>";
            for (const auto& c : round.contributions) {
                if (c.type == type) {
                    contribution(c);
                }
            }
            out_ += "</details>";
        }
        if (!round.summaries.empty()) {
            out_ += "<details class=\"phase\" id=\"round-" + n + "-summaries\"><summary>Summaries</summary>";
            for (const auto& [id, s] : round.summaries) {
                summary(s);
            }
            out_ += "</details>";
        }
        out_ += "</details>\n";
    }

    void summary(const debate::Summary& s) {
        std::string meta =
            std::to_string(s.before_chars) + " → " + std::to_string(s.after_chars) + " characters · " + s.method;
        if (const auto call = metadata_text(s.metadata); !call.empty()) {
            meta += " · " + call;
        }
        out_ += "<details class=\"summary\"><summary>" + label(s.agent_id, s.agent_role) + "<span class=\"meta\">" +
                html_escape(meta) + "</span></summary>" + text_block(s.summary) + "</details>";
    }

    static std::string items(const std::vector<std::string>& list) {
        if (list.empty()) {
            return "<p class=\"none\">None listed.</p>";
        }
        std::string out = "<ul>";
        for (const auto& item : list) {
            out += "<li>" + html_escape(item) + "</li>";
        }
        return out + "</ul>";
    }

    void synthesis() {
        out_ += "<section id=\"synthesis\"><h2>Final synthesis</h2>";
        if (!state_.final_solution) {
            out_ += "<p class=\"none\">No final solution: the debate ended with status " + html_escape(state_.status) +
                    " before the judge's synthesis.</p>";
        } else {
            const auto& s = *state_.final_solution;
            if (!s.synthesized_by.empty()) {
                out_ += "<p class=\"meta\">Synthesized by " + label(s.synthesized_by) + ".</p>";
            }
            if (const auto calls = synthesis_calls_line(s, [](std::string_view n) { return std::string(n); });
                !calls.empty()) {
                out_ += "<p class=\"meta synthesis-call\">" + html_escape(calls) + "</p>";
            }
            out_ += "<h3>Description</h3>" + text_block(s.description);
            if (!s.implementation.empty()) {
                out_ += "<details class=\"implementation\"><summary>Implementation</summary>" +
                        text_block(s.implementation) + "</details>";
            }
            out_ += "<h3>Trade-offs</h3>" + items(s.tradeoffs) + "<h3>Recommendations</h3>" + items(s.recommendations);
            out_ += "<h3>Confidence</h3><p>" +
                    (s.confidence ? chart_number(std::round(*s.confidence * 10.0) / 10.0, 1) + "/100"
                                  : std::string("Not given.")) +
                    "</p>";
            out_ += "<h3>Unfulfilled major requirements</h3>" + items(s.unfulfilled_major_requirements);
            out_ += "<h3>Open questions</h3>" + items(s.open_questions);
        }
        if (state_.judge_summary) {
            out_ += "<h3>Judge summary</h3>";
            summary(*state_.judge_summary);
        }
        out_ += "</section>\n";
    }

    void metrics() {
        const auto& m = state_.metrics;
        out_ += "<section id=\"metrics\"><h2>Run metrics</h2>";
        if (m.calls == 0) {
            out_ +=
                "<p class=\"meta\">This file records no run metrics (dialectic does not save them).</p></section>\n";
            return;
        }
        out_ += "<div class=\"table-wrap\"><table><tbody>";
        const auto row = [&](const std::string& name, const std::string& value) {
            out_ += "<tr><th>" + name + "</th><td>" + html_escape(value) + "</td></tr>";
        };
        row("Calls", format_calls(m));
        if (m.calls_failed > 0) {
            row("Failed calls", std::to_string(m.calls_failed));
        }
        if (m.calls_cancelled > 0) {
            row("Cancelled calls", std::to_string(m.calls_cancelled));
        }
        long retries = 0;
        std::string reasons;
        for (const auto& [reason, count] : m.retries) {
            retries += count;
            reasons += (reasons.empty() ? "" : ", ") + std::to_string(count) + " " + reason;
        }
        if (retries > 0) {
            row("Retries", std::to_string(retries) + ": " + reasons);
        }
        const std::string estimated = m.tokens_estimated ? " (estimated)" : "";
        row("Prompt tokens", std::to_string(m.prompt_tokens) + estimated);
        row("Completion tokens", std::to_string(m.completion_tokens) + estimated);
        row("Total tokens", std::to_string(m.total_tokens) + estimated);
        if (has_cost(m)) {
            row("Cost", util::format_money(m.cost));
        }
        if (m.queue_wait.samples > 0) {
            row("Queue wait (p50 / p95)", format_percentiles(m.queue_wait));
        }
        row("Wall time", format_duration(m.wall_ms));
        out_ += "</tbody></table></div>";
        if (!m.providers.empty()) {
            out_ += "<h3>Latency per provider</h3><div "
                    "class=\"table-wrap\"><table><thead><tr><th>Provider</th><th>Calls timed</th>"
                    "<th>Latency (p50 / p95)</th><th>Time to first token (p50 / p95)</th></tr></thead><tbody>";
            for (const auto& [name, t] : m.providers) {
                out_ += "<tr><td>" + html_escape(name) + "</td><td>" + std::to_string(t.latency.samples) + "</td><td>" +
                        format_percentiles(t.latency) + "</td><td>" + format_percentiles(t.time_to_first_token) +
                        "</td></tr>";
            }
            out_ += "</tbody></table></div>";
        }
        if (has_cost(m) && !m.cost_by_phase.empty()) {
            out_ += "<h3>Cost per phase</h3><div class=\"table-wrap\"><table><tbody>";
            for (const auto& [phase, cost] : m.cost_by_phase) {
                row(html_escape(phase), util::format_money(cost));
            }
            out_ += "</tbody></table></div>";
        }
        out_ += "</section>\n";
    }

    static std::string field_text(const nlohmann::json& record, const char* key) {
        const auto it = record.find(key);
        return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
    }

    void prompts() {
        out_ += "<section id=\"prompts\"><h2>Appendix: prompts</h2>";
        if (!state_.prompts.is_array() || state_.prompts.empty()) {
            out_ += "<p class=\"none\">This file records no prompts.</p></section>\n";
            return;
        }
        std::size_t n = 0;
        for (const auto& record : state_.prompts) {
            if (!record.is_object()) {
                continue;
            }
            const auto round = record.find("round");
            const bool has_round = round != record.end() && round->is_number_integer() && round->get<long>() > 0;
            std::string heading = "Prompt " + std::to_string(++n) + ": ";
            heading += has_round ? "round " + std::to_string(round->get<long>()) + ", " : "";
            heading += field_text(record, "phase") + ", " + people_.label(field_text(record, "agentId"));
            if (const auto target = field_text(record, "targetAgentId"); !target.empty()) {
                heading += " → " + people_.label(target);
            }
            out_ += "<details class=\"prompt\"><summary>" + html_escape(heading) + "</summary><h4>System</h4>" +
                    text_block(field_text(record, "system")) + "<h4>User</h4>" +
                    text_block(field_text(record, "user")) + "</details>";
        }
        out_ += "</section>\n";
    }

    const DebateState& state_;
    const ReportSummary& summary_;
    ReportOptions options_;
    Participants people_;
    Anchors anchors_;
    std::string out_;
};

} // namespace

std::string render_html(const DebateState& state, const ReportOptions& options) {
    return render_html(state, build_summary(state), options);
}

std::string render_html(const DebateState& state, const ReportSummary& summary, const ReportOptions& options) {
    return HtmlRenderer(state, summary, options).render();
}

} // namespace parley::report
