#include "report/comparison.hpp"

#include <algorithm>
#include <cmath>

#include "report/eval_scores.hpp"
#include "report/figures.hpp"
#include "report/markdown_text.hpp"
#include "util/csv.hpp"
#include "util/text.hpp"

namespace parley::report {

namespace {

std::string joined(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : separator) + item;
    }
    return out;
}

std::string confidence_text(const ComparisonRow& r) {
    return r.confidence ? format_number(std::round(*r.confidence * 10.0) / 10.0) : std::string();
}

std::string scores_text(const ComparisonRow& r) {
    return panel_means_line(r.scores);
}

std::string markdown(const std::vector<ComparisonRow>& rows) {
    std::string out = "# Comparison of " + std::to_string(rows.size()) + " debates\n\n";
    out += "| Debate | Problem | Status | Config | Models | Confidence | Requirements (met / partly / not) | Scores "
           "| Cost | Tokens | Time |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
    for (const auto& r : rows) {
        const auto confidence = confidence_text(r);
        const auto scores = scores_text(r);
        out += "| " + literal(r.source) + " | " + table_cell(r.problem) + " | " + literal(r.status) + " | " +
               literal(comparison_config_text(r)) + " | " + literal(comparison_models_text(r)) + " | " +
               (confidence.empty() ? "not given" : confidence + "/100") + " | " + std::to_string(r.requirements_met) +
               " / " + std::to_string(r.requirements_partly) + " / " + std::to_string(r.requirements_not_met) + " | " +
               (scores.empty() ? std::string(kUnknownFigure) : literal(scores)) + " | " + comparison_cost_text(r) +
               " | " + format_tokens(r.figures.total_tokens, r.figures.tokens_estimated) + " | " +
               format_duration(r.figures.wall_ms) + " |\n";
    }
    out += "\n## Decisions\n\n";
    for (const auto& r : rows) {
        out += "### " + literal(r.source) + "\n\n" + one_line(r.decision) + "\n\n";
    }
    out.pop_back();
    return out;
}

std::string csv(const std::vector<ComparisonRow>& rows) {
    std::string out = "source,debate_id,problem,status,rounds,agents,roles,models,judge_role,judge_model,confidence,"
                      "requirements_met,requirements_partly,requirements_not_met,scores,cost_usd,cost_unknown_calls,"
                      "total_tokens,tokens_estimated,calls,wall_ms,metrics_recorded,offline\r\n";
    for (const auto& r : rows) {
        const auto& f = r.figures;
        const std::vector<std::string> cells = {util::csv_text(r.source),
                                                util::csv_text(r.debate_id),
                                                util::csv_text(r.problem),
                                                util::csv_text(r.status),
                                                std::to_string(r.rounds),
                                                std::to_string(r.roles.size()),
                                                util::csv_text(joined(r.roles, ";")),
                                                util::csv_text(joined(r.models, ";")),
                                                util::csv_text(r.judge_role),
                                                util::csv_text(r.judge_model),
                                                confidence_text(r),
                                                std::to_string(r.requirements_met),
                                                std::to_string(r.requirements_partly),
                                                std::to_string(r.requirements_not_met),
                                                util::csv_text(scores_text(r)),
                                                util::stated_usd(f.cost) ? format_number(f.cost.usd) : "",
                                                std::to_string(f.cost.unknown_calls),
                                                std::to_string(f.total_tokens),
                                                f.tokens_estimated ? "true" : "false",
                                                std::to_string(f.calls),
                                                std::to_string(std::llround(f.wall_ms)),
                                                f.recorded ? "true" : "false",
                                                r.offline ? "true" : "false"};
        out += util::csv_row(cells);
    }
    return out;
}

} // namespace

std::optional<ComparisonFormat> comparison_format_for(const std::string& path) {
    // Extensions match in any case: "Report.MD" is Markdown.
    const auto lower = util::ascii_lower(path);
    if (lower.ends_with(".md") || lower.ends_with(".markdown")) {
        return ComparisonFormat::markdown;
    }
    if (lower.ends_with(".csv")) {
        return ComparisonFormat::csv;
    }
    return std::nullopt;
}

std::string comparison_config_text(const ComparisonRow& r) {
    return std::to_string(r.roles.size()) + " agents (" + joined(r.roles, ", ") + "), " + std::to_string(r.rounds) +
           (r.rounds == 1 ? " round" : " rounds") + (r.judge_role.empty() ? "" : ", judge " + r.judge_role);
}

std::string comparison_models_text(const ComparisonRow& r) {
    auto out = joined(r.models, ", ");
    if (!r.judge_model.empty()) {
        out += (out.empty() ? "" : "; ") + std::string("judge ") + r.judge_model;
    }
    return out;
}

std::vector<ComparisonRow> comparison_rows(const std::vector<ComparedDebate>& debates) {
    std::vector<ComparisonRow> rows;
    for (const auto& d : debates) {
        const auto& s = *d.state;
        const auto summary = build_summary(s);
        ComparisonRow r;
        r.source = d.source;
        r.debate_id = s.id;
        r.problem = summary.title;
        r.status = s.status;
        r.rounds = static_cast<long>(s.rounds.size());
        for (const auto& a : s.agents) {
            r.roles.push_back(a.role);
            if (!a.model.empty() && std::find(r.models.begin(), r.models.end(), a.model) == r.models.end()) {
                r.models.push_back(a.model);
            }
        }
        // dialectic files name no agents: the contributions say who spoke and with which model.
        if (s.agents.empty() && !s.rounds.empty()) {
            for (const auto& c : s.rounds.front().contributions) {
                if (c.type == debate::ContributionType::proposal) {
                    r.roles.push_back(c.agent_role);
                    if (!c.metadata.model.empty() &&
                        std::find(r.models.begin(), r.models.end(), c.metadata.model) == r.models.end()) {
                        r.models.push_back(c.metadata.model);
                    }
                }
            }
        }
        if (s.judge) {
            r.judge_role = s.judge->role;
            r.judge_model = s.judge->model;
        }
        r.confidence = summary.confidence;
        r.decision = summary.decision;
        for (const auto& v : summary.requirements) {
            r.requirements_met += v.status == RequirementStatus::met ? 1 : 0;
            r.requirements_partly += v.status == RequirementStatus::partly ? 1 : 0;
            r.requirements_not_met += v.status == RequirementStatus::not_met ? 1 : 0;
        }
        r.scores = summary.scores;
        r.figures = summary.figures;
        r.offline = s.offline;
        rows.push_back(std::move(r));
    }
    return rows;
}

std::string render_comparison(const std::vector<ComparedDebate>& debates, ComparisonFormat format) {
    const auto rows = comparison_rows(debates);
    return format == ComparisonFormat::csv ? csv(rows) : markdown(rows);
}

std::string comparison_cost_text(const ComparisonRow& r) {
    const auto& f = r.figures;
    if (f.cost.usd > 0 || f.cost.unknown_calls > 0) {
        return util::format_money(f.cost);
    }
    return !f.recorded ? "not recorded" : r.offline ? "$0.00 (offline)" : "$0.00";
}

} // namespace parley::report
