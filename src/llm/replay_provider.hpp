#pragma once
// The provider a replay runs against: every answer must come from the journal, so reaching it is a miss.

#include "llm/provider.hpp"

namespace parley::llm {

/// Stands in for a recorded provider under its label; any call that reaches it failed to find its recording.
class ReplayProvider final : public Provider {
public:
    /// Replays calls recorded under `label`; `offline` tells whether the recorded provider was the offline one.
    ReplayProvider(std::string label, bool offline) : label_(std::move(label)), offline_(offline) {}

    Result<ChatResponse> complete(const ChatRequest&, std::stop_token, const DeltaCallback&) override {
        return fail(ErrorKind::permanent, "replay: the journal holds no recorded answer for this call "
                                          "(the debate's config, problem or prompts differ from the recorded run)");
    }
    std::string label() const override { return label_; }
    bool is_offline() const override { return offline_; }

private:
    std::string label_;
    bool offline_;
};

} // namespace parley::llm
