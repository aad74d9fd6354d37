#include "report/markdown_report.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "debate/clarifications.hpp"
#include "eval/output.hpp"
#include "report/baseline_section.hpp"
#include "report/design_verdict.hpp"
#include "report/figures.hpp"
#include "report/markdown_text.hpp"
#include "report/participants.hpp"
#include "report/positions_report.hpp"
#include "report/summary.hpp"
#include "report/summary_markdown.hpp"
#include "report/voting_section.hpp"
#include "review/review.hpp"
#include "util/utf8.hpp"

namespace parley::report {

using debate::Contribution;
using debate::ContributionType;
using debate::DebateState;
using debate::ParticipantInfo;
using debate::Summary;

namespace {

constexpr int kContributionBodyLevel = 5; ///< under "## Round", "### Phase", "#### Agent"
constexpr std::size_t kFoldBytes = 1200;  ///< model text longer than this folds into <details>
constexpr std::size_t kFoldLines = 20;    ///< and so does text of more lines than this
constexpr const char* kUnknown = kUnknownFigure;

std::string number(double value) {
    return format_number(value);
}

std::string duration(double ms) {
    return format_duration(ms);
}

std::string tokens(long count, bool estimated) {
    return format_tokens(count, estimated);
}

std::string cost_text(const debate::Cost& cost) {
    return util::format_money(cost);
}

std::string percentiles(const debate::DurationStats& d) {
    return d.samples == 0 ? std::string(kUnknown) : duration(d.p50_ms) + " / " + duration(d.p95_ms);
}

// The prompt record's field as text; the prompts array is free-form JSON, so anything else reads as empty.
std::string field_text(const nlohmann::json& record, const char* key) {
    const auto it = record.find(key);
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The same replacement save_debate's dump applies, so a report rendered before saving equals one rendered from
// the saved file, byte for byte.
std::string with_valid_utf8(std::string text) {
    if (!util::first_invalid_utf8(text)) {
        return text;
    }
    const auto quoted = nlohmann::json(std::move(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return nlohmann::json::parse(quoted).get<std::string>();
}

class Renderer {
public:
    Renderer(const DebateState& state, const ReportOptions& options)
        : state_(state), options_(options), people_(state) {}

    std::string render() {
        title();
        if (const auto verdict = build_design_verdict(state_)) {
            out_ += design_verdict_markdown(*verdict, 2);
        }
        out_ += summary_markdown(build_summary(state_), 2);
        out_ += dynamics_summary_markdown(state_, people_, 3);
        if (options_.brief) {
            return finish();
        }
        design_review();
        problem();
        participants();
        context_folder();
        clarifications();
        for (const auto& round : state_.rounds) {
            this->round(round);
        }
        if (state_.termination || !state_.positions.empty()) {
            out_ += positions_markdown(state_, people_, 2);
        }
        synthesis();
        if (state_.voting) {
            out_ += voting_markdown(*state_.voting, 2);
        }
        if (state_.baseline) {
            out_ += baseline_markdown(*state_.baseline, 2);
        }
        out_ += eval::to_markdown(state_.evaluation, 2);
        metrics();
        if (options_.with_prompts) {
            prompts();
        }
        return finish();
    }

private:
    std::string finish() {
        while (out_.size() > 1 && out_[out_.size() - 1] == '\n' && out_[out_.size() - 2] == '\n') {
            out_.pop_back();
        }
        return with_valid_utf8(std::move(out_));
    }

    void block(const std::string& text) { out_ += text + "\n\n"; }

    void nested(const std::string& text, int min_level) {
        if (text.empty()) {
            block("_(empty)_");
            return;
        }
        out_ += nested_block(text, min_level) + "\n";
    }

    // Long model text folds away behind a one-line summary, so the outline of the report stays one screen of
    // headings; short text is shown as it is.
    void folded(const std::string& text, int min_level, const std::string& what) {
        const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
        if (text.size() <= kFoldBytes && lines <= kFoldLines) {
            nested(text, min_level);
            return;
        }
        block("<details>\n<summary>" + html_text(what) + " (" + std::to_string(lines + 1) +
              (lines == 0 ? " line" : " lines") + ")</summary>");
        nested(text, min_level);
        block("</details>");
    }

    void bullets(const std::vector<std::string>& items, const char* when_empty) {
        if (items.empty()) {
            block(when_empty);
            return;
        }
        for (const auto& item : items) {
            out_ += "- " + one_line(item) + "\n";
        }
        out_ += "\n";
    }

    // "Name (role)", falling back to the id for a nameless participant; Markdown-literal.
    std::string label(const std::string& id, const std::string& role_hint = "") const {
        const Participant* p = people_.find(id);
        const std::string name = p != nullptr && !p->info.name.empty() ? p->info.name : id;
        const std::string role = p != nullptr && !p->info.role.empty() ? p->info.role : role_hint;
        return literal(name) + (role.empty() ? "" : " (" + literal(role) + ")");
    }

    void title() {
        block("# Debate " + literal(state_.id));
        std::string facts = "- Status: " + literal(state_.status) + "\n";
        facts +=
            "- Created: " + (state_.created_at.empty() ? std::string(kUnknown) : literal(state_.created_at)) + "\n";
        if (const auto title = problem_title(state_.problem); !title.empty()) {
            facts += "- Problem: " + literal(title) + "\n";
        }
        facts += "- Rounds: " + std::to_string(state_.rounds.size());
        if (state_.offline) {
            facts += "\n- Seed: " + std::to_string(state_.seed);
        }
        block(facts);
        if (state_.offline) {
            block("> **Offline run.** Answers from the offline provider (see the Provider column) are parley's "
                  "built-in deterministic text, assembled from the problem statement: not the judgement of a "
                  "language model. Use them to check the pipeline and the format, not to make a design decision.");
        }
    }

    // The grounded review of the final solution, first thing after the title: what a reader checks before
    // trusting the synthesis.
    void design_review() {
        if (!state_.final_solution || !debate::is_reviewed(state_)) {
            return;
        }
        const auto& s = *state_.final_solution;
        const auto review =
            review::review_design(review::solution_text(s.description, s.implementation), state_.problem);
        out_ += review::to_markdown(review, 2, review::ScorecardStyle::brief) + "\n";
    }

    void problem() {
        block("## Problem");
        nested(state_.problem, 3);
        if (!state_.context.empty()) {
            block("### Context");
            nested(state_.context, 4);
        }
    }

    void person_table(const std::vector<const Participant*>& people) {
        std::string table =
            "| ID | Name | Role | Model | Provider | Temperature |\n| --- | --- | --- | --- | --- | --- |";
        for (const Participant* p : people) {
            auto cell = [](const std::string& s) {
                return s.empty() ? std::string(kUnknown) : literal(s);
            };
            table += "\n| " + cell(p->info.id) + " | " + cell(p->info.name) + " | " + cell(p->info.role) + " | " +
                     cell(p->info.model) + " | " + cell(p->info.provider) + " | " +
                     (p->configured ? number(p->info.temperature) : std::string(kUnknown)) + " |";
        }
        block(table);
    }

    void participants() {
        block("## Participants");
        block("### Agents");
        if (people_.agents().empty()) {
            block("_No agents recorded._");
        } else {
            if (!people_.agents().front().configured) {
                block("_This file records no participant configuration (dialectic does not save it); the agents "
                      "are taken from the contributions._");
            }
            std::vector<const Participant*> people;
            for (const auto& p : people_.agents()) {
                people.push_back(&p);
            }
            person_table(people);
        }
        block("### Judge");
        if (people_.judge()) {
            person_table({&*people_.judge()});
        } else {
            block("_No judge recorded._");
        }
    }

    // Who read what: each agent's files (in the order first read), tool calls, and what stood in for tools.
    void context_folder() {
        struct Reads {
            std::vector<std::string> files;
            long calls = 0;
            int redactions = 0;
            bool digest = false;
            std::vector<std::string> changed;
        };
        std::vector<std::pair<std::string, Reads>> agents;
        for (const auto& round : state_.rounds) {
            for (const auto& c : round.contributions) {
                if (!c.metadata.tools) {
                    continue;
                }
                auto it =
                    std::find_if(agents.begin(), agents.end(), [&](const auto& a) { return a.first == c.agent_id; });
                if (it == agents.end()) {
                    it = agents.insert(agents.end(), {c.agent_id, Reads{}});
                }
                const auto& use = *c.metadata.tools;
                auto& reads = it->second;
                reads.calls += static_cast<long>(use.calls.size());
                reads.redactions += use.redactions;
                reads.digest = reads.digest || use.digest;
                for (const auto& file : use.files_read) {
                    if (std::find(reads.files.begin(), reads.files.end(), file) == reads.files.end()) {
                        reads.files.push_back(file);
                    }
                }
                reads.changed.insert(reads.changed.end(), use.changed_since.begin(), use.changed_since.end());
            }
        }
        if (agents.empty()) {
            return;
        }
        // Ordered by agent as the participants are, never by who read first.
        const auto order = [&](const std::string& id) {
            const auto& all = people_.agents();
            const auto at = std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.info.id == id; });
            return at - all.begin();
        };
        std::stable_sort(agents.begin(), agents.end(),
                         [&](const auto& a, const auto& b) { return order(a.first) < order(b.first); });
        block("## Context folder");
        std::string table = "| Agent | Tool calls | Read (file:lines) |\n| --- | --- | --- |";
        for (const auto& [id, reads] : agents) {
            std::string files;
            for (const auto& file : reads.files) {
                files += (files.empty() ? "" : ", ") + file;
            }
            if (reads.digest) {
                files +=
                    std::string(files.empty() ? "" : "; ") + "a digest of the folder (its server has no tool calling)";
            }
            table += "\n| " + table_cell(people_.label(id)) + " | " + std::to_string(reads.calls) + " | " +
                     table_cell(files.empty() ? "nothing" : files) + " |";
        }
        block(table);
        for (const auto& [id, reads] : agents) {
            if (reads.redactions > 0) {
                block("_" + label(id) + ": " + std::to_string(reads.redactions) +
                      " secret(s) in what it read were replaced by [redacted] before the model saw them._");
            }
            for (const auto& file : reads.changed) {
                block("_" + label(id) + ": " + literal(file) +
                      " changed after it was read; this run kept the answer the earlier text fed._");
            }
        }
    }

    void clarifications() {
        bool any = false;
        for (const auto& group : state_.clarifications) {
            any = any || !group.items.empty();
        }
        if (!any) {
            return;
        }
        block("## Clarifications");
        for (const auto& group : state_.clarifications) {
            if (group.items.empty()) {
                continue;
            }
            const std::string name = group.agent_name.empty() ? group.agent_id : group.agent_name;
            block("### " + literal(name) + (group.role.empty() ? "" : " (" + literal(group.role) + ")"));
            if (const auto meta = call_metadata_line(group.metadata, literal); !meta.empty()) {
                block("_" + meta + "_");
            }
            std::string list;
            for (const auto& item : group.items) {
                const auto answer = one_line(item.answer);
                list += "- **Q" + (item.id.empty() ? std::string() : " " + literal(item.id)) + ":** " +
                        one_line(item.question) + "\n  **A:** " + (answer.empty() ? debate::kUnanswered : answer) +
                        "\n";
            }
            block(list.substr(0, list.size() - 1));
        }
    }

    void contribution(const Contribution& c) {
        std::string heading = "#### " + label(c.agent_id, c.agent_role);
        if (c.type == ContributionType::critique) {
            heading += " → " + (c.target_agent_id.empty() ? std::string(kUnknown) : label(c.target_agent_id));
        }
        block(heading);
        if (const auto meta = call_metadata_line(c.metadata, literal); !meta.empty()) {
            block("_" + meta + "_");
        }
        folded(c.content, kContributionBodyLevel, std::string("Show the ") + debate::to_string(c.type));
    }

    void round(const debate::Round& round) {
        block("## Round " + std::to_string(round.round_number));
        const std::pair<ContributionType, const char*> phases[] = {{ContributionType::proposal, "### Proposals"},
                                                                   {ContributionType::critique, "### Critiques"},
                                                                   {ContributionType::refinement, "### Refinements"}};
        for (const auto& [type, heading] : phases) {
            bool started = false;
            for (const auto& c : round.contributions) {
                if (c.type != type) {
                    continue;
                }
                if (!started) {
                    block(heading);
                    started = true;
                }
                contribution(c);
            }
        }
        if (!round.summaries.empty()) {
            block("### Summaries");
            for (const auto& [id, s] : round.summaries) {
                summary(s);
            }
        }
    }

    void summary(const Summary& s) {
        block("#### " + label(s.agent_id, s.agent_role));
        std::string meta = std::to_string(s.before_chars) + " → " + std::to_string(s.after_chars) + " characters · " +
                           literal(s.method);
        if (const auto call = call_metadata_line(s.metadata, literal); !call.empty()) {
            meta += " · " + call;
        }
        block("_" + meta + "_");
        folded(s.summary, kContributionBodyLevel, "Show the summary");
    }

    void synthesis() {
        block("## Final synthesis");
        if (!state_.final_solution) {
            block("_No final solution: the debate ended with status " + literal(state_.status) +
                  " before the judge's synthesis._");
        } else {
            const auto& s = *state_.final_solution;
            if (!s.synthesized_by.empty()) {
                block("_Synthesized by " + label(s.synthesized_by) + "._");
            }
            if (const auto calls = synthesis_calls_line(s, literal); !calls.empty()) {
                block("_" + calls + "_");
            }
            block("### Description");
            nested(s.description, 4);
            if (!s.implementation.empty()) {
                block("### Implementation");
                folded(s.implementation, 4, "Show the implementation");
            }
            block("### Trade-offs");
            bullets(s.tradeoffs, "_None listed._");
            block("### Recommendations");
            bullets(s.recommendations, "_None listed._");
            block("### Confidence");
            block(s.confidence ? number(std::round(*s.confidence * 10.0) / 10.0) + "/100" : "_Not given._");
            block("### Unfulfilled major requirements");
            bullets(s.unfulfilled_major_requirements, "_None listed._");
            block("### Open questions");
            bullets(s.open_questions, "_None listed._");
        }
        if (state_.judge_summary) {
            block("### Judge summary");
            summary(*state_.judge_summary);
        }
    }

    void metrics() {
        block("## Run metrics");
        const auto& m = state_.metrics;
        if (m.calls == 0) {
            long contributions = 0;
            long used = 0;
            for (const auto& round : state_.rounds) {
                for (const auto& c : round.contributions) {
                    ++contributions;
                    used += c.metadata.tokens_used.value_or(0);
                }
            }
            block("_This file records no run metrics (dialectic does not save them); the figures below are taken "
                  "from the contributions._");
            block("| Figure | Value |\n| --- | --- |\n| Contributions | " + std::to_string(contributions) +
                  " |\n| Tokens recorded | " + std::to_string(used) + " |");
            return;
        }
        double phases_ms = 0;
        for (const auto& [name, ms] : m.phase_order) {
            phases_ms += ms;
        }
        // A run that did not record its overall wall time still knows how long each phase took.
        const std::string wall = m.wall_ms > 0 || phases_ms == 0
                                     ? "| Wall time | " + duration(m.wall_ms) + " |"
                                     : "| Wall time (sum of phases) | " + duration(phases_ms) + " |";
        block("| Figure | Value |\n| --- | --- |\n" + outcome_rows(m) + "| Prompt tokens | " +
              tokens(m.prompt_tokens, m.tokens_estimated) + " |\n| Completion tokens | " +
              tokens(m.completion_tokens, m.tokens_estimated) + " |\n| Total tokens | " +
              tokens(m.total_tokens, m.tokens_estimated) + " |\n" + cost_row(m) + queue_wait_row(m) +
              (m.tool_calls > 0
                   ? "| Tool calls | " + std::to_string(m.tool_calls) + " (" + duration(m.tool_ms) + ") |\n"
                   : std::string()) +
              wall);
        if (m.tokens_estimated) {
            block("_Estimated token counts are parley's own estimate where the provider reported none._");
        }
        if (!m.phase_order.empty()) {
            block("### Wall time per phase");
            std::string table = "| Phase | Wall time |\n| --- | --- |";
            for (const auto& [name, ms] : m.phase_order) {
                table += "\n| " + literal(name) + " | " + duration(ms) + " |";
            }
            block(table);
        }
        provider_timings(m);
        costs(m);
        if (m.wall_ms == 0 && phases_ms == 0) {
            block("_Durations are recorded as 0 in reproducible mode (SOURCE_DATE_EPOCH set), so runs compare "
                  "byte for byte._");
        }
    }

    static std::string outcome_rows(const debate::RunMetrics& m) {
        std::string rows = "| Calls | " + format_calls(m) + " |\n";
        if (m.calls_failed > 0) {
            rows += "| Failed calls | " + std::to_string(m.calls_failed) + " |\n";
        }
        if (m.calls_cancelled > 0) {
            rows += "| Cancelled calls | " + std::to_string(m.calls_cancelled) + " |\n";
        }
        long retries = 0;
        std::string reasons;
        for (const auto& [reason, count] : m.retries) {
            retries += count;
            reasons += (reasons.empty() ? "" : ", ") + std::to_string(count) + " " + literal(reason);
        }
        if (retries > 0) {
            rows += "| Retries | " + std::to_string(retries) + ": " + reasons + " |\n";
        }
        return rows;
    }

    // Money is shown once there is some to show: offline runs, free models and older files record none.
    static bool has_cost(const debate::RunMetrics& m) { return m.cost.usd > 0 || m.cost.unknown_calls > 0; }

    static std::string cost_row(const debate::RunMetrics& m) {
        return has_cost(m) ? "| Cost | " + cost_text(m.cost) + " |\n" : std::string();
    }

    static std::string queue_wait_row(const debate::RunMetrics& m) {
        return m.queue_wait.samples > 0 ? "| Queue wait (p50 / p95) | " + percentiles(m.queue_wait) + " |\n"
                                        : std::string();
    }

    void provider_timings(const debate::RunMetrics& m) {
        if (m.providers.empty()) {
            return;
        }
        block("### Latency per provider");
        std::string table = "| Provider | Calls timed | Latency (p50 / p95) | Time to first token (p50 / p95) |\n"
                            "| --- | --- | --- | --- |";
        for (const auto& [label, t] : m.providers) {
            table += "\n| " + literal(label) + " | " + std::to_string(t.latency.samples) + " | " +
                     percentiles(t.latency) + " | " + percentiles(t.time_to_first_token) + " |";
        }
        block(table);
    }

    void costs(const debate::RunMetrics& m) {
        if (!has_cost(m)) {
            return;
        }
        block("### Cost per agent");
        std::string table = "| Agent | Cost |\n| --- | --- |";
        // Participants in their configured order first, then anyone the file does not list.
        std::vector<std::string> ids;
        for (const auto& p : people_.agents()) {
            ids.push_back(p.info.id);
        }
        if (people_.judge()) {
            ids.push_back(people_.judge()->info.id);
        }
        for (const auto& [id, cost] : m.cost_by_agent) {
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
                ids.push_back(id);
            }
        }
        for (const auto& id : ids) {
            if (const auto it = m.cost_by_agent.find(id); it != m.cost_by_agent.end()) {
                table += "\n| " + table_cell(people_.label(id)) + " | " + cost_text(it->second) + " |";
            }
        }
        block(table);
        block("### Cost per phase");
        table = "| Phase | Cost |\n| --- | --- |";
        for (const auto& [phase, cost] : m.cost_by_phase) {
            table += "\n| " + literal(phase) + " | " + cost_text(cost) + " |";
        }
        block(table);
        block("_Cost is what this run paid, at the prices of parley's table and the config's \"pricing\"; answers "
              "served from the journal were paid for by the run that made them._");
    }

    void prompts() {
        block("## Appendix: prompts");
        if (!state_.prompts.is_array() || state_.prompts.empty()) {
            block("_This file records no prompts._");
            return;
        }
        std::size_t n = 0;
        for (const auto& record : state_.prompts) {
            if (!record.is_object()) {
                continue;
            }
            const auto round = record.find("round");
            const bool has_round = round != record.end() && round->is_number_integer() && round->get<long>() > 0;
            std::string heading = "### Prompt " + std::to_string(++n) + ": ";
            heading += has_round ? "round " + std::to_string(round->get<long>()) + ", " : "";
            heading += literal(field_text(record, "phase")) + ", " + label(field_text(record, "agentId"));
            if (const auto target = field_text(record, "targetAgentId"); !target.empty()) {
                heading += " → " + label(target);
            }
            block(heading);
            block("<details>\n<summary>Show the system and user prompts</summary>");
            block("System:");
            out_ += fenced(field_text(record, "system"), "text") + "\n";
            block("User:");
            out_ += fenced(field_text(record, "user"), "text") + "\n";
            block("</details>");
        }
    }

    const DebateState& state_;
    ReportOptions options_;
    const Participants people_;
    std::string out_;
};

} // namespace

std::string render_markdown(const DebateState& state, const ReportOptions& options) {
    return Renderer(state, options).render();
}

} // namespace parley::report
