#pragma once
// `parley review --panel`: model reviewers beside the rule-based review. Each reviewer (an evaluator of an eval
// config) is asked, concern by concern, for a status, the verbatim sentences it rests on and a one-line reason.
// Quotes not in the design are dropped and counted; an answer that is not the asked JSON is reported, never taken
// as agreement. Rule and model statuses are shown side by side, never averaged.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/eval_config.hpp"
#include "eval/quotes.hpp"
#include "review/review.hpp"
#include "run/session.hpp"

namespace parley::run {

/// One reviewer's answer on one concern.
struct PanelAnswer {
    std::optional<review::ConcernStatus> status; ///< none: no usable answer (see `error`)
    std::vector<std::string> quotes;             ///< the verified quotes
    std::size_t dropped_quotes = 0;              ///< quotes not found in the design
    std::string reason;
    std::string error; ///< why there is no status: the call failed, or the answer is not the asked JSON
};

/// One reviewer of the panel with its answers, in checklist order.
struct PanelReviewer {
    std::string id;
    std::string name;
    std::string model;
    bool offline = false; ///< an offline reviewer is the rule-based review itself, labelled so
    std::vector<PanelAnswer> answers;
};

/// The whole panel beside the rule-based review it was run with.
struct PanelReview {
    std::string source; ///< the config file
    std::vector<PanelReviewer> reviewers;
};

/// What the panel is asked about.
struct PanelTask {
    std::string id; ///< scopes the calls' journal keys
    eval::EvalConfig config;
    std::string design;
    const review::Review* rules = nullptr; ///< the rule-based review of `design`; must outlive the task
};

/// A stable id for `task` (its panel and design): the same panel on the same design again is served from the
/// journal.
std::string panel_task_id(const PanelTask& task);

/// True when no reviewer of the panel needs a call (every one is offline).
bool panel_is_offline(const PanelTask& task);

/// The session job that asks every model reviewer about every concern and fills `out`; offline reviewers are
/// filled without a call. It fails only when no model call answered.
Job make_panel_job(const PanelTask& task, PanelReview& out, RunSession& session);

/// The panel when every reviewer is offline: the rule-based review, labelled so, with no call.
PanelReview offline_panel_review(const PanelTask& task);

/// Reads one reviewer's answer (`content`) on a concern: the JSON object, its status, quotes checked against
/// `checker` (the design), reason. A broken answer gets an `error` and no status.
PanelAnswer read_panel_answer(std::string_view content, const eval::QuoteChecker& checker);

/// The panel as JSON, concern by concern: the rule status and each reviewer's status, quotes and reason.
nlohmann::json panel_json(const review::Review& rules, const PanelReview& panel);

/// The panel as a Markdown section: one row per concern, rules then each reviewer, disagreements marked.
std::string panel_markdown(const review::Review& rules, const PanelReview& panel);

} // namespace parley::run
