#pragma once
// The built-in offline provider: deterministic answers built from the problem's own text, with no network.

#include <cstdint>

#include "llm/provider.hpp"

namespace parley::llm {

/// Answers every request deterministically from its messages, labels and a seed; labelled as offline everywhere.
class OfflineProvider final : public Provider {
public:
    /// A provider whose answers vary in wording and order with `seed`, never in structure.
    explicit OfflineProvider(std::uint64_t seed) : seed_(seed) {}

    /// Writes the answer the request's role and phase ask for and streams it in a few chunks.
    Result<ChatResponse> complete(const ChatRequest& request, std::stop_token stop,
                                  const DeltaCallback& on_delta) override;
    /// Always "offline".
    std::string label() const override { return "offline"; }
    /// Always true: these answers are not a model's.
    bool is_offline() const override { return true; }

    /// The model name every offline answer reports.
    static constexpr const char* kModel = "parley-offline-1";

private:
    std::uint64_t seed_;
};

} // namespace parley::llm
