#pragma once
// The executor of a dry run: the real orchestrator drives it as it drives the queue, and it calls nothing. Each
// answer is text of the length a scenario assumes, and every call's tokens and cost are tallied per phase; as
// ninja's dry run is its real builder over a command runner that runs nothing, so the plan cannot drift from the
// protocol.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "debate/call_executor.hpp"
#include "llm/pricing.hpp"
#include "util/money.hpp"

namespace parley::debate {

/// Completion tokens per call in the low estimate: a short answer.
inline constexpr long kPlanLowCompletionTokens = 300;
/// Completion tokens per call in the high estimate when a participant's config sets no maxTokens.
inline constexpr long kPlanDefaultMaxTokens = 4096;

/// What one phase of a dry run added up to.
struct PhaseTally {
    std::string name;
    long calls = 0;         ///< every call, summaries included
    long summary_calls = 0; ///< of which summaries (made only for histories past their threshold)
    long prompt_tokens = 0;
    long completion_tokens = 0;
};

/// A CallExecutor that answers every call with filler of an assumed length and tallies it.
class EstimatingExecutor final : public CallExecutor {
public:
    /// Short answers (kPlanLowCompletionTokens, or less under maxTokens) or, with `long_answers`, answers of
    /// maxTokens (kPlanDefaultMaxTokens when unset). A summary is never longer than its maximum length.
    /// `prices` must outlive the executor.
    EstimatingExecutor(const llm::PriceTable& prices, bool long_answers);

    /// Opens the tally of a phase; a phase without calls is tallied too, with none.
    void begin_phase(const std::string& name) override;
    bool answers_are_real() const override { return false; }

    /// Answers every call at once; nothing is called and nothing fails.
    std::vector<Result<llm::ChatResponse>> run_batch(const std::vector<CallSpec>& calls, std::stop_token stop) override;

    /// Every phase so far, in order.
    const std::vector<PhaseTally>& phases() const { return phases_; }
    /// Calls so far that are not summaries: what a debate makes when no history passes its threshold.
    long planned_calls() const;
    /// The cost of the calls so far, with the calls whose model has no price; offline calls are free.
    const util::Money& cost() const { return cost_; }
    /// Models called so far that have no price.
    const std::set<std::string>& unpriced_models() const { return unpriced_; }

private:
    llm::ChatResponse answer(const CallSpec& call);

    const llm::PriceTable& prices_;
    const bool long_answers_;
    std::vector<PhaseTally> phases_;
    util::Money cost_;
    std::set<std::string> unpriced_;
};

/// The provider participants of a dry run name: it is never called (the estimating executor answers for it), and
/// says so if it is.
std::shared_ptr<llm::Provider> dry_run_provider();

} // namespace parley::debate
