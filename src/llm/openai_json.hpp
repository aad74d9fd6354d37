#pragma once
// The JSON of the OpenAI chat-completions API: the request body parley sends and the parts of the answers it reads.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "llm/provider.hpp"

namespace parley::llm {

/// The body of POST /chat/completions. `extra` keys override the built ones, and an extra key set to null removes
/// that key (for models that reject, say, temperature).
std::string build_request_body(const ChatRequest& request, bool stream);

/// What parley reads from a chat completion or from one streamed chunk.
struct CompletionPart {
    std::string content;                 ///< the message content, or the chunk's delta
    std::string model;                   ///< empty when the server did not say
    std::string finish_reason;           ///< empty until the server gives one
    std::optional<Usage> usage;          ///< absent when the server sent none
    std::optional<nlohmann::json> error; ///< the "error" member, when the server sent one instead of an answer
};

/// Reads a completion body or stream chunk; nothing when it is not a JSON object.
std::optional<CompletionPart> parse_completion_part(std::string_view json_text);

/// An estimate of a call's usage for servers that report none: about four bytes of text per token.
Usage estimate_usage(const ChatRequest& request, std::string_view completion);

} // namespace parley::llm
