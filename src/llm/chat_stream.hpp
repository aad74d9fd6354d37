#pragma once
// An OpenAI chat-completion stream read as it arrives: SSE events in, content deltas and the final state out.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "llm/openai_json.hpp"
#include "llm/provider.hpp"
#include "llm/sse_parser.hpp"

namespace parley::llm {

/// Accumulates one streamed completion and passes each content delta on as it is decoded.
class ChatStream {
public:
    /// `on_delta` may be empty; it must outlive the stream. The content, and any one event still being read, may
    /// hold at most `max_bytes`.
    explicit ChatStream(const DeltaCallback& on_delta, std::size_t max_bytes = SseParser::kDefaultMaxEventBytes)
        : on_delta_(on_delta), parser_(max_bytes), max_bytes_(max_bytes) {}

    /// Feeds raw response bytes; false once the server sent an error object, a chunk that is not a chat
    /// completion chunk, or more than the bound allows.
    bool feed(std::string_view bytes);

    /// True once "data: [DONE]" or a finish reason arrived: the answer is complete.
    bool finished() const { return done_ || !finish_reason_.empty(); }
    /// The content so far.
    const std::string& content() const { return content_; }
    /// The tool calls streamed so far, assembled from their pieces in index order.
    const std::vector<ToolCall>& tool_calls() const { return tool_calls_; }
    /// The model the server named, empty if it never did.
    const std::string& model() const { return model_; }
    /// Why the model stopped ("stop", "length", "content_filter"), empty until it says.
    const std::string& finish_reason() const { return finish_reason_; }
    /// The usage the server reported (OpenAI sends it in a last chunk with no choices).
    const std::optional<Usage>& usage() const { return usage_; }
    /// The error object the server sent mid-stream, if any.
    const std::optional<nlohmann::json>& error() const { return error_; }
    /// The first chunk that was not JSON, if any, whole (the caller redacts and shortens it).
    const std::optional<std::string>& malformed_chunk() const { return malformed_; }
    /// What was wrong with the first chunk that was JSON but not a chat completion chunk, if any.
    const std::optional<std::string>& shape_problem() const { return shape_problem_; }
    /// True once the content or one event grew past the bound; the stream stopped there.
    bool too_large() const { return too_large_ || parser_.overflowed(); }
    /// The bytes fed so far.
    std::size_t bytes_read() const { return bytes_read_; }
    /// When the first non-empty content delta arrived.
    const std::optional<std::chrono::steady_clock::time_point>& first_content_at() const { return first_content_at_; }

    /// The most tool calls one streamed answer may ask for.
    static constexpr std::size_t kMaxStreamedToolCalls = 64;

private:
    bool take_event(const SseEvent& event);
    bool take_tool_calls(const CompletionPart& part);

    const DeltaCallback& on_delta_;
    SseParser parser_;
    std::size_t max_bytes_;
    std::size_t bytes_read_ = 0;
    bool too_large_ = false;
    std::optional<std::string> shape_problem_;
    std::string content_;
    std::vector<ToolCall> tool_calls_;
    std::size_t tool_bytes_ = 0;
    std::string model_;
    std::string finish_reason_;
    std::optional<Usage> usage_;
    std::optional<nlohmann::json> error_;
    std::optional<std::string> malformed_;
    std::optional<std::chrono::steady_clock::time_point> first_content_at_;
    bool done_ = false;
};

} // namespace parley::llm
