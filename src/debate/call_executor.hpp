#pragma once
// The one way the debate reaches models: a batch of calls in, their results out in the same order.

#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "llm/provider.hpp"
#include "llm/provider_spec.hpp"

namespace parley::debate {

/// One model call of a phase.
struct CallSpec {
    std::shared_ptr<llm::Provider> provider;
    llm::ProviderSpec provider_spec; ///< how the provider was configured: part of the call's identity
    llm::ChatRequest request;
};

/// Runs the calls of one phase. Implementations may run them concurrently, but results come back in
/// request order, never completion order, so a debate is reproducible.
class CallExecutor {
public:
    virtual ~CallExecutor() = default;

    /// Called as each phase of a debate begins, with the phase's name ("round 2 critiques"), whether or not it
    /// makes any call. Executors that account by phase use it; the default ignores it.
    virtual void begin_phase(const std::string& name) { (void)name; }

    /// False for an executor whose answers are stand-ins (the dry run's estimates), not a model's words.
    virtual bool answers_are_real() const { return true; }

    /// Runs every call; result i belongs to call i.
    [[nodiscard]] virtual std::vector<Result<llm::ChatResponse>> run_batch(const std::vector<CallSpec>& calls,
                                                                           std::stop_token stop) = 0;
};

} // namespace parley::debate
