#include "llm/openai_json.hpp"

#include "util/json_document.hpp"

namespace parley::llm {

namespace {

using nlohmann::json;

// Each message costs a few tokens of framing on top of its text in OpenAI's own accounting.
constexpr long kTokensPerMessage = 4;
std::string string_member(const json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long count_member(const json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_number_integer() ? it->get<long>() : 0;
}

std::optional<Usage> read_usage(const json& object) {
    const auto it = object.find("usage");
    if (it == object.end() || !it->is_object()) {
        return std::nullopt;
    }
    Usage usage;
    usage.prompt_tokens = count_member(*it, "prompt_tokens");
    usage.completion_tokens = count_member(*it, "completion_tokens");
    usage.total_tokens = count_member(*it, "total_tokens");
    if (usage.total_tokens == 0) {
        usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    }
    return usage;
}

// A message as the API takes it: an assistant's tool calls and a tool result's call id when it has them.
json message_json(const Message& message) {
    json out{{"role", message.role}, {"content", message.content}};
    if (!message.tool_calls.empty()) {
        json calls = json::array();
        for (const auto& call : message.tool_calls) {
            calls.push_back({{"id", call.id},
                             {"type", "function"},
                             {"function", {{"name", call.name}, {"arguments", call.arguments}}}});
        }
        out["tool_calls"] = std::move(calls);
        if (message.content.empty()) {
            out["content"] = nullptr;
        }
    }
    if (!message.tool_call_id.empty()) {
        out["tool_call_id"] = message.tool_call_id;
    }
    return out;
}

// The tool calls of a message or a chunk's delta: whole calls in a completion, pieces by index in a chunk (a name
// and an id in the first piece, the arguments text spread over the rest). Returns what is wrong, or "".
std::string read_tool_calls(const json& holder, PartShape shape, CompletionPart& part) {
    const auto calls = holder.find("tool_calls");
    if (calls == holder.end() || calls->is_null()) {
        return {};
    }
    if (!calls->is_array()) {
        return "tool_calls is not an array";
    }
    for (std::size_t i = 0; i < calls->size(); ++i) {
        const json& call = (*calls)[i];
        if (!call.is_object()) {
            return "tool_calls[" + std::to_string(i) + "] is not an object";
        }
        ToolCall out;
        out.id = string_member(call, "id");
        if (const auto function = call.find("function"); function != call.end() && function->is_object()) {
            out.name = string_member(*function, "name");
            out.arguments = string_member(*function, "arguments");
        }
        std::size_t index = i;
        if (const auto at = call.find("index"); at != call.end() && at->is_number_unsigned()) {
            index = at->get<std::size_t>();
        }
        if (shape == PartShape::completion && out.name.empty()) {
            return "tool_calls[" + std::to_string(i) + "] names no function";
        }
        part.tool_calls.push_back(std::move(out));
        part.tool_indexes.push_back(index);
    }
    return {};
}

// Fills content and finish reason from the first choice; returns what is wrong with the shape, or "".
std::string read_choice(const json& object, PartShape shape, CompletionPart& part) {
    const auto choices = object.find("choices");
    if (choices == object.end() || !choices->is_array()) {
        // A usage-only last chunk without a choices array is still a chunk.
        return shape == PartShape::chunk && part.usage ? std::string() : "\"choices\" is missing";
    }
    if (choices->empty()) {
        return shape == PartShape::chunk ? std::string() : "\"choices\" is empty";
    }
    const json& choice = choices->front();
    if (!choice.is_object()) {
        return "choices[0] is not an object";
    }
    if (const auto reason = choice.find("finish_reason"); reason != choice.end() && !reason->is_null()) {
        if (!reason->is_string()) {
            return "choices[0].finish_reason is not a string";
        }
        part.finish_reason = reason->get<std::string>();
    }
    const char* holder = shape == PartShape::chunk ? "delta" : "message";
    const auto message = choice.find(holder);
    if (message == choice.end() || message->is_null()) {
        // A chunk that only closes the stream carries a finish reason and no delta.
        return shape == PartShape::chunk ? std::string() : "choices[0].message is missing";
    }
    if (!message->is_object()) {
        return "choices[0]." + std::string(holder) + " is not an object";
    }
    if (auto wrong = read_tool_calls(*message, shape, part); !wrong.empty()) {
        return "choices[0]." + std::string(holder) + "." + wrong;
    }
    const auto content = message->find("content");
    if (content == message->end() || content->is_null()) {
        // A turn that calls tools may carry no text at all.
        return shape == PartShape::chunk || !part.tool_calls.empty() ? std::string()
                                                                     : "choices[0].message.content is missing";
    }
    if (!content->is_string()) {
        return "choices[0]." + std::string(holder) + ".content is not a string";
    }
    part.content = content->get<std::string>();
    return std::string();
}

} // namespace

nlohmann::json response_format(const ResponseSchema& schema) {
    // Not strict: OpenAI's strict mode wants every property required and no others allowed, and parley's schemas
    // leave parts out on purpose (an evaluator skips an item it cannot ground). The answer is checked anyway.
    return {{"type", "json_schema"},
            {"json_schema", {{"name", schema.name}, {"strict", false}, {"schema", schema.schema}}}};
}

std::string build_request_body(const ChatRequest& request, bool stream) {
    json messages = json::array();
    for (const auto& message : request.messages) {
        messages.push_back(message_json(message));
    }
    json body{{"model", request.model},
              {"messages", std::move(messages)},
              {"temperature", request.temperature},
              {"stream", stream}};
    if (request.max_tokens) {
        body["max_tokens"] = *request.max_tokens;
    }
    if (request.response_schema) {
        body["response_format"] = response_format(*request.response_schema);
    }
    if (!request.tools.empty()) {
        body["tools"] = request.tools;
    }
    if (stream) {
        // Without this OpenAI and vLLM send no usage at all on a stream.
        body["stream_options"] = {{"include_usage", true}};
    }
    if (request.extra.is_object()) {
        for (const auto& [key, value] : request.extra.items()) {
            if (value.is_null()) {
                body.erase(key);
            } else {
                body[key] = value;
            }
        }
    }
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<CompletionPart> parse_completion_part(std::string_view json_text, PartShape shape) {
    const json object = util::parse_json_bounded(json_text);
    if (!object.is_object()) {
        return std::nullopt;
    }
    CompletionPart part;
    part.model = string_member(object, "model");
    part.usage = read_usage(object);
    if (const auto error = object.find("error"); error != object.end() && !error->is_null()) {
        part.error = *error;
        return part;
    }
    part.problem = read_choice(object, shape, part);
    return part;
}

Usage estimate_usage(const ChatRequest& request, std::string_view completion) {
    Usage usage;
    for (const auto& message : request.messages) {
        usage.prompt_tokens += kTokensPerMessage + estimated_tokens(message.content.size());
    }
    usage.completion_tokens = estimated_tokens(completion.size());
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    usage.estimated = true;
    return usage;
}

} // namespace parley::llm
