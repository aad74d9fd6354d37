#pragma once
// An OpenAI chat-completion stream read as it arrives: SSE events in, content deltas and the final state out.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "llm/provider.hpp"
#include "llm/sse_parser.hpp"

namespace parley::llm {

/// Accumulates one streamed completion and passes each content delta on as it is decoded.
class ChatStream {
public:
    /// `on_delta` may be empty; it must outlive the stream.
    explicit ChatStream(const DeltaCallback& on_delta) : on_delta_(on_delta) {}

    /// Feeds raw response bytes; false once the server sent an error object or a chunk that is not JSON.
    bool feed(std::string_view bytes);

    /// True once "data: [DONE]" or a finish reason arrived: the answer is complete.
    bool finished() const { return done_ || !finish_reason_.empty(); }
    /// The content so far.
    const std::string& content() const { return content_; }
    /// The model the server named, empty if it never did.
    const std::string& model() const { return model_; }
    /// Why the model stopped ("stop", "length", "content_filter"), empty until it says.
    const std::string& finish_reason() const { return finish_reason_; }
    /// The usage the server reported (OpenAI sends it in a last chunk with no choices).
    const std::optional<Usage>& usage() const { return usage_; }
    /// The error object the server sent mid-stream, if any.
    const std::optional<nlohmann::json>& error() const { return error_; }
    /// The first chunk that was not JSON, if any (cut to a readable length).
    const std::optional<std::string>& malformed_chunk() const { return malformed_; }
    /// When the first non-empty content delta arrived.
    const std::optional<std::chrono::steady_clock::time_point>& first_content_at() const { return first_content_at_; }

private:
    bool take_event(const SseEvent& event);

    const DeltaCallback& on_delta_;
    SseParser parser_;
    std::string content_;
    std::string model_;
    std::string finish_reason_;
    std::optional<Usage> usage_;
    std::optional<nlohmann::json> error_;
    std::optional<std::string> malformed_;
    std::optional<std::chrono::steady_clock::time_point> first_content_at_;
    bool done_ = false;
};

} // namespace parley::llm
