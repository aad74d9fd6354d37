#pragma once
// The JSON of the OpenAI chat-completions API: the request body parley sends and the parts of the answers it reads.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "llm/provider.hpp"

namespace parley::llm {

/// The `response_format` member asking for an answer in `schema`: {"type": "json_schema", "json_schema": {"name",
/// "strict": false, "schema"}}, as OpenAI, vLLM, llama.cpp server, Ollama (0.5 and later) and OpenRouter take it.
nlohmann::json response_format(const ResponseSchema& schema);

/// The body of POST /chat/completions, with `response_format` when the request carries a schema. `extra` keys
/// override the built ones, and an extra key set to null removes that key (for models that reject, say,
/// temperature).
std::string build_request_body(const ChatRequest& request, bool stream);

/// Which shape of the chat-completions API a JSON text must have.
enum class PartShape {
    completion, ///< a whole answer: choices[0].message.content is a string
    chunk,      ///< one streamed chunk: a choices array (empty in a usage-only chunk) whose delta, if any, is text
};

/// What parley reads from a chat completion or from one streamed chunk.
struct CompletionPart {
    std::string content;              ///< the message content, or the chunk's delta
    std::vector<ToolCall> tool_calls; ///< completion: the calls asked for; chunk: pieces of them (see tool_indexes)
    std::vector<std::size_t> tool_indexes; ///< chunk: the index each piece of tool_calls belongs to
    std::string model;                     ///< empty when the server did not say
    std::string finish_reason;             ///< empty until the server gives one
    std::optional<Usage> usage;            ///< absent when the server sent none
    std::optional<nlohmann::json> error;   ///< the "error" member, when the server sent one instead of an answer
    std::string problem; ///< why the object does not have the shape asked for ("choices missing"); empty if it does
};

/// Reads a completion body or stream chunk; nothing when it is not a JSON object (or is nested deeper than
/// util::kMaxJsonDepth: an answer is three or four levels deep). An object of another shape comes back with `problem`
/// set, unless it carries an error.
std::optional<CompletionPart> parse_completion_part(std::string_view json_text,
                                                    PartShape shape = PartShape::completion);

/// An estimate of a call's usage for servers that report none: about four bytes of text per token.
Usage estimate_usage(const ChatRequest& request, std::string_view completion);

} // namespace parley::llm
