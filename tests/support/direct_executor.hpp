#pragma once
// The simplest CallExecutor, for testing the orchestrator apart from the task queue.

#include <cstddef>
#include <memory>

#include "debate/call_executor.hpp"
#include "debate/config.hpp"
#include "debate/debate_state.hpp"
#include "llm/provider.hpp"

namespace parley::testing {

/// Runs each call of a batch on its own thread, at most `max_parallel` at a time, with no retries or journal.
class DirectExecutor final : public debate::CallExecutor {
public:
    explicit DirectExecutor(std::size_t max_parallel = 8) : max_parallel_(max_parallel == 0 ? 1 : max_parallel) {}

    std::vector<Result<llm::ChatResponse>> run_batch(const std::vector<debate::CallSpec>& calls,
                                                     std::stop_token stop) override;

private:
    std::size_t max_parallel_;
};

/// Runs `config`'s debate into `state` (its problem set by the caller), every agent and the judge on `provider`,
/// on a DirectExecutor: the orchestrator alone, with no queue or journal.
Result<void> run_directly(const debate::DebateConfig& config, const std::shared_ptr<llm::Provider>& provider,
                          debate::DebateState& state);

} // namespace parley::testing
