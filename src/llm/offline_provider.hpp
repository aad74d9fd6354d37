#pragma once
// The built-in offline provider: deterministic answers built from the prompt's own text, with no network.

#include <cstdint>

#include "llm/provider.hpp"

namespace parley::llm {

/// Answers every request deterministically from its messages, labels and a seed; labelled as offline everywhere.
class OfflineProvider final : public Provider {
public:
    explicit OfflineProvider(std::uint64_t seed) : seed_(seed) {}

    Result<ChatResponse> complete(const ChatRequest& request, std::stop_token stop,
                                  const DeltaCallback& on_delta) override;
    std::string label() const override { return "offline"; }
    bool is_offline() const override { return true; }

    /// The model name every offline answer reports.
    static constexpr const char* kModel = "parley-offline-1";

private:
    std::uint64_t seed_;
};

} // namespace parley::llm
