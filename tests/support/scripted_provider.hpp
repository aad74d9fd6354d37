#pragma once
// A provider answering from a script keyed by agent and purpose (and round), for tests of what the debate does
// with particular answers: the offline provider answers whatever the script leaves out.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "llm/provider.hpp"
#include "offline/offline_provider.hpp"

namespace parley::testing {

/// The scripted answer to a request, or nothing to let the offline provider answer it.
using Script = std::function<std::optional<std::string>(const llm::ChatRequest& request, int nth)>;

/// Answers from `script` (nth: how many requests of that agent and purpose came before), else offline; counts calls
/// by purpose. Thread-safe.
class ScriptedProvider final : public llm::Provider {
public:
    explicit ScriptedProvider(Script script, bool offline = false) : script_(std::move(script)), offline_(offline) {}

    Result<llm::ChatResponse> complete(const llm::ChatRequest& request, std::stop_token stop,
                                       const llm::DeltaCallback& on_delta) override;
    std::string label() const override { return "scripted"; }
    bool is_offline() const override { return offline_; }

    /// Calls made so far for `purpose` ("ballot", "baseline", ...).
    int calls(const std::string& purpose) const;

private:
    Script script_;
    bool offline_;
    offline::OfflineProvider inner_{11};
    mutable std::mutex mutex_;
    std::map<std::string, int> calls_;                ///< by purpose
    std::map<std::string, int> by_agent_and_purpose_; ///< "agent/purpose"
};

} // namespace parley::testing
