#pragma once
// Runs a debate's calls through the task-queue engine: one lane per provider endpoint, retries, rate limits,
// the circuit breaker and the journal, with every call's life told to an observer.

#include <memory>
#include <string>

#include "debate/call_events.hpp"
#include "debate/call_executor.hpp"
#include "llm/pricing.hpp"
#include "queue/engine.hpp"
#include "tools/context_folder.hpp"

namespace parley::debate {

/// What one debate's executor needs besides the shared engine.
struct QueuedExecutorOptions {
    std::string run_id;                      ///< the debate's id: scopes its journal keys and names its events
    bool shared_cache = false;               ///< file and find calls under their bare keys, across runs
    CallObserver observer;                   ///< may be empty
    const llm::PriceTable* prices = nullptr; ///< prices calls when set
    llm::Budget* budget = nullptr;           ///< each call reserves its estimate here first when set
    std::shared_ptr<const tools::ContextFolder> context_folder; ///< what calls with tools may read; may be null
    std::vector<std::string> secret_values; ///< the configured keys' values, kept out of whatever the tools give
};

/// A CallExecutor over a shared Engine. Several debates may each have one on the same engine at once.
class QueuedExecutor final : public CallExecutor {
public:
    QueuedExecutor(queue::Engine& engine, QueuedExecutorOptions options);

    /// Submits every call (none once `stop` is requested) and waits for all; results in request order.
    std::vector<Result<llm::ChatResponse>> run_batch(const std::vector<CallSpec>& calls, std::stop_token stop) override;

    /// The lane a provider's calls run in: one per endpoint.
    static std::string lane_for(const llm::Provider& provider) { return provider.label(); }

    /// The idempotency key of a call: the hash of the canonical request and what the provider adds to it
    /// (Provider::key_inputs: the offline provider's call context and seed; nothing for a model endpoint).
    [[nodiscard]] static std::string call_key(const llm::Provider& provider, const llm::ProviderSpec& spec,
                                              const llm::ChatRequest& request);

private:
    struct Call;
    struct CallShared;

    void start(Call& call, const CallSpec& spec, std::stop_token stop);
    queue::EventCallback event_callback(const CallEvent& base, std::shared_ptr<CallShared> shared) const;
    queue::TaskFn task_fn(const CallSpec& spec, const llm::ChatRequest& request, const std::string& task_key,
                          const CallEvent& base, std::shared_ptr<CallShared> shared) const;
    /// The request as sent: a digest of the context folder added for an agent whose server has no tool calling.
    llm::ChatRequest prepared(const CallSpec& spec) const;
    Result<llm::ChatResponse> finish(Call& call, const CallSpec& spec);
    CallEvent event_for(const CallSpec& spec, CallEvent::Kind kind) const;
    void tell(const CallEvent& event) const;

    queue::Engine& engine_;
    QueuedExecutorOptions options_;
};

} // namespace parley::debate
