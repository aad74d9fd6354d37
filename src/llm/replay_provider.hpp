#pragma once
// The provider a replay runs against: every answer must come from the journal, so reaching it is a miss.

#include <memory>

#include "llm/provider.hpp"

namespace parley::llm {

/// Stands in for a recorded provider under its label and key inputs; any call that reaches it failed to find its
/// recording.
class ReplayProvider final : public Provider {
public:
    /// Replays calls recorded from `recorded`, which is never called.
    explicit ReplayProvider(std::shared_ptr<const Provider> recorded) : recorded_(std::move(recorded)) {}

    Result<ChatResponse> complete(const ChatRequest&, std::stop_token, const DeltaCallback&) override {
        return fail(ErrorKind::permanent, "replay: the journal holds no recorded answer for this call "
                                          "(the debate's config, problem or prompts differ from the recorded run)");
    }
    std::string label() const override { return recorded_->label(); }
    bool is_offline() const override { return recorded_->is_offline(); }
    bool is_local() const override { return recorded_->is_local(); }
    std::string key_inputs(const ChatRequest& request) const override { return recorded_->key_inputs(request); }

private:
    std::shared_ptr<const Provider> recorded_;
};

} // namespace parley::llm
