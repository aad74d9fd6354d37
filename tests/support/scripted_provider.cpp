#include "support/scripted_provider.hpp"

namespace parley::testing {

Result<llm::ChatResponse> ScriptedProvider::complete(const llm::ChatRequest& request, std::stop_token stop,
                                                     const llm::DeltaCallback& on_delta) {
    const std::string purpose = llm::to_string(request.context.purpose);
    int nth = 0;
    {
        std::lock_guard lock(mutex_);
        ++calls_[purpose];
        nth = by_agent_and_purpose_[request.context.agent.id + "/" + purpose]++;
    }
    auto response = inner_.complete(request, stop, on_delta);
    if (!response) {
        return response;
    }
    if (auto scripted = script_(request, nth)) {
        response->content = *scripted;
        response->usage.completion_tokens = static_cast<long>(scripted->size() / 4);
        response->usage.total_tokens = response->usage.prompt_tokens + response->usage.completion_tokens;
    }
    return response;
}

int ScriptedProvider::calls(const std::string& purpose) const {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(purpose);
    return it == calls_.end() ? 0 : it->second;
}

} // namespace parley::testing
