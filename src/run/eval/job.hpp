#pragma once
// An evaluation as a job of the run session: every evaluator call is a task of the shared engine, journaled,
// cached, replayed, budgeted and resumable exactly like a debate's calls.

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "debate/debate_state.hpp"
#include "eval/comparison.hpp"
#include "eval/eval_config.hpp"
#include "eval/panel.hpp"
#include "llm/pricing.hpp"
#include "run/session.hpp"

namespace parley::run {

/// What one evaluation asks: a panel, a document (or two, to compare), how many samples.
struct EvalTask {
    std::string id; ///< scopes the calls' journal keys: the same task again is served from the journal
    eval::EvalConfig config;
    eval::Document document;              ///< the document scored, or A of a comparison
    std::optional<eval::Document> second; ///< B of a comparison
    int samples = 1;
    bool keep_unsupported = false;
    const llm::PriceTable* prices = nullptr; ///< prices calls when set
};

/// What an evaluation job leaves behind once its batch ends.
struct EvalOutcome {
    std::vector<eval::EvaluatorResult> scored;                ///< without `second`
    std::vector<eval::ComparisonEvaluator> compared;          ///< with `second`
    std::mutex mutex;                                         ///< guards journal_hits and cache_hits
    std::set<std::tuple<std::string, int, int>> journal_hits; ///< (evaluator, sample, order) served from the journal
    std::set<std::tuple<std::string, int, int>> cache_hits;   ///< of those, served from the shared cache
};

/// A stable id for `task` (its panel, documents and samples): running the same evaluation again resumes it.
std::string eval_task_id(const EvalTask& task);

/// The session job that runs `task` and fills `outcome`; it fails only when no evaluator produced an answer.
Job make_eval_job(const EvalTask& task, EvalOutcome& outcome, RunSession& session);

/// The document of a finished debate, blinded: its final solution, problem and clarifications, and its authors.
eval::Document debate_document(const debate::DebateState& state, const std::string& label);

/// Aggregates a finished scoring job.
eval::EvalResult eval_result(const EvalTask& task, EvalOutcome& outcome);

/// Tallies a finished comparison job.
eval::ComparisonResult comparison_result(const EvalTask& task, EvalOutcome& outcome);

/// `parley debate --eval`: scores every debate of `states` that has a final solution with `panel`, in one batch on
/// `session`, and keeps each verdict in its state's `evaluation`. A debate whose evaluation fails keeps none and
/// gets a warning.
void evaluate_debates(RunSession& session, const eval::EvalConfig& panel,
                      const std::vector<debate::DebateState*>& states, const llm::PriceTable* prices);

} // namespace parley::run
