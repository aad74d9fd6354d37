#include "llm/offline_provider.hpp"

namespace parley::llm {

Result<ChatResponse> OfflineProvider::complete(const ChatRequest& request, std::stop_token stop,
                                               const DeltaCallback& on_delta) {
    if (stop.stop_requested()) {
        return fail(ErrorKind::cancelled, "offline call cancelled");
    }
    ChatResponse response;
    response.content = "[offline] " + (request.messages.empty() ? std::string() : request.messages.back().content);
    response.model = kModel;
    if (on_delta) {
        on_delta(response.content);
    }
    (void)seed_;
    return response;
}

} // namespace parley::llm
