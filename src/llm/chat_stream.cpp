#include "llm/chat_stream.hpp"

#include "llm/openai_json.hpp"
#include "util/json_document.hpp"

namespace parley::llm {

bool ChatStream::feed(std::string_view bytes) {
    bytes_read_ += bytes.size();
    return parser_.feed(bytes, [this](const SseEvent& event) { return take_event(event); });
}

bool ChatStream::take_tool_calls(const CompletionPart& part) {
    for (std::size_t i = 0; i < part.tool_calls.size(); ++i) {
        const ToolCall& piece = part.tool_calls[i];
        const std::size_t index = part.tool_indexes[i];
        // Indexes come from the server: one past the last is a new call, anything further is refused as too large.
        if (index > tool_calls_.size() || index >= kMaxStreamedToolCalls) {
            return false;
        }
        if (index == tool_calls_.size()) {
            tool_calls_.emplace_back();
        }
        tool_bytes_ += piece.id.size() + piece.name.size() + piece.arguments.size();
        if (content_.size() + tool_bytes_ > max_bytes_) {
            return false;
        }
        ToolCall& call = tool_calls_[index];
        if (!piece.id.empty()) {
            call.id = piece.id;
        }
        call.name += piece.name;
        call.arguments += piece.arguments;
    }
    return true;
}

bool ChatStream::take_event(const SseEvent& event) {
    if (event.data == "[DONE]") {
        done_ = true;
        return true;
    }
    auto part = parse_completion_part(event.data, PartShape::chunk);
    if (!part) {
        malformed_ = event.data;
        return false;
    }
    if (part->error) {
        error_ = std::move(part->error);
        return false;
    }
    if (event.type == "error") {
        // Some servers name the event instead of wrapping the object in {"error": ...}.
        error_ = util::parse_json_bounded(event.data);
        return false;
    }
    if (!part->problem.empty()) {
        shape_problem_ = std::move(part->problem);
        return false;
    }
    if (!part->model.empty()) {
        model_ = std::move(part->model);
    }
    if (part->usage) {
        usage_ = part->usage;
    }
    if (!part->finish_reason.empty()) {
        finish_reason_ = std::move(part->finish_reason);
    }
    if (!take_tool_calls(*part)) {
        too_large_ = true;
        return false;
    }
    if (!part->content.empty()) {
        if (content_.size() + part->content.size() > max_bytes_) {
            too_large_ = true;
            return false;
        }
        if (!first_content_at_) {
            first_content_at_ = std::chrono::steady_clock::now();
        }
        content_ += part->content;
        if (on_delta_) {
            on_delta_(part->content);
        }
    }
    return true;
}

} // namespace parley::llm
