#pragma once
// The built-in offline provider: deterministic answers built from the problem's own text, with no network.

#include <cstdint>
#include <map>
#include <string>

#include "llm/provider.hpp"

namespace parley::offline {

/// Answers every request deterministically from its messages, call context and a seed; labelled as offline
/// everywhere.
class OfflineProvider final : public llm::Provider {
public:
    /// A provider whose answers vary in wording and order with `seed`, never in structure.
    explicit OfflineProvider(std::uint64_t seed) : seed_(seed) {}

    /// Writes the answer the request's role and phase ask for and streams it in a few chunks.
    Result<llm::ChatResponse> complete(const llm::ChatRequest& request, std::stop_token stop,
                                       const llm::DeltaCallback& on_delta) override;
    /// Always "offline".
    std::string label() const override { return "offline"; }
    /// Always true: these answers are not a model's.
    bool is_offline() const override { return true; }
    /// The call context and the seed, which the answer depends on besides the messages.
    std::string key_inputs(const llm::ChatRequest& request) const override;

    /// The call context as name/value pairs: what an answer's wording and a call's key are derived from. The
    /// names and values are those the debate sent as string labels before the context was typed, so answers and
    /// journal keys stay what they were.
    static std::map<std::string, std::string> identity(const llm::CallContext& context);

    /// The model name every offline answer reports.
    static constexpr const char* kModel = "parley-offline-1";

private:
    std::uint64_t seed_;
};

} // namespace parley::offline
