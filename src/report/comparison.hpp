#pragma once
// Several debates side by side (problem, config, models, confidence, scores, cost, time), for teams choosing
// between designs or models. One row model that Markdown, CSV and HTML render.

#include <optional>
#include <string>
#include <vector>

#include "debate/debate_state.hpp"
#include "report/summary.hpp"

namespace parley::report {

/// One debate to compare and where it was read from (shown so rows can be told apart).
struct ComparedDebate {
    std::string source; ///< the file name, or any label
    const debate::DebateState* state = nullptr;
};

/// One row of a comparison.
struct ComparisonRow {
    std::string source;
    std::string debate_id;
    std::string problem; ///< the problem's title line
    std::string status;
    long rounds = 0;
    std::vector<std::string> roles; ///< the agents' roles, in order
    std::string judge_role;
    std::vector<std::string> models; ///< distinct models of the agents, in first-seen order
    std::string judge_model;
    std::optional<double> confidence;
    std::string decision; ///< the summary's decision paragraph
    std::size_t requirements_met = 0;
    std::size_t requirements_partly = 0;
    std::size_t requirements_not_met = 0;
    std::vector<EvalScore> scores; ///< empty unless evaluated
    RunFigures figures;
    bool offline = false;
};

/// The formats a comparison is written in by this library (HTML is rendered elsewhere from the same rows).
enum class ComparisonFormat { markdown, csv };

/// The format for an output file name by its extension (.md, .markdown, .csv); nothing for any other.
std::optional<ComparisonFormat> comparison_format_for(const std::string& path);

/// A row's panel in words: "3 agents (architect, kiss, security), 2 rounds, judge generalist".
std::string comparison_config_text(const ComparisonRow& row);

/// A row's models, the judge's last: "gpt-4o, gpt-4o-mini; judge gpt-4o".
std::string comparison_models_text(const ComparisonRow& row);

/// A row's cost: "$0.0123", "$0.0123 + unknown for 2 calls", "$0.00 (offline)" or "not recorded".
std::string comparison_cost_text(const ComparisonRow& row);

/// The rows of a comparison, in the order given.
std::vector<ComparisonRow> comparison_rows(const std::vector<ComparedDebate>& debates);

/// The comparison as a Markdown document (a table, then each debate's decision) or as CSV (RFC 4180, one header
/// line, cells that a spreadsheet would run as a formula prefixed with an apostrophe). Deterministic.
std::string render_comparison(const std::vector<ComparedDebate>& debates, ComparisonFormat format);

} // namespace parley::report
