#include "support/direct_executor.hpp"

#include <atomic>
#include <optional>
#include <thread>

#include "debate/orchestrator.hpp"

namespace parley::testing {

std::vector<Result<llm::ChatResponse>> DirectExecutor::run_batch(const std::vector<debate::CallSpec>& calls,
                                                                 std::stop_token stop) {
    std::vector<std::optional<Result<llm::ChatResponse>>> slots(calls.size());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < calls.size(); i = next++) {
            const auto& call = calls[i];
            if (stop.stop_requested()) {
                slots[i] = fail(ErrorKind::cancelled, "cancelled before the call started");
                continue;
            }
            slots[i] = call.provider->complete(call.request, stop, {});
        }
    };
    {
        std::vector<std::jthread> threads;
        const std::size_t n = std::min(max_parallel_, calls.size());
        for (std::size_t t = 1; t < n; ++t) {
            threads.emplace_back(worker);
        }
        worker();
    }
    std::vector<Result<llm::ChatResponse>> out;
    out.reserve(calls.size());
    for (auto& slot : slots) {
        out.push_back(std::move(*slot));
    }
    return out;
}

Result<void> run_directly(const debate::DebateConfig& config, const std::shared_ptr<llm::Provider>& provider,
                          debate::DebateState& state) {
    std::vector<debate::Participant> agents;
    for (const auto& a : config.agents) {
        agents.push_back({a, provider});
    }
    DirectExecutor executor;
    debate::Orchestrator orchestrator(agents, {config.judge, provider}, config.debate, executor);
    return orchestrator.run(state, {});
}

} // namespace parley::testing
