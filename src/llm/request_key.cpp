#include "llm/request_key.hpp"

#include <charconv>
#include <system_error>

#include "util/sha256.hpp"

namespace parley::llm {

namespace {

// Bumped whenever the serialization changes, so keys of an older layout can never match a newer one.
constexpr std::string_view kFormat = "parley-request-v1";

// A length prefix makes every field boundary unambiguous: ("ab", "c") and ("a", "bc") serialize differently.
void append_field(std::string& out, std::string_view name, std::string_view value) {
    out.append(name);
    out.push_back('=');
    out.append(std::to_string(value.size()));
    out.push_back(':');
    out.append(value);
    out.push_back('\n');
}

// The shortest text that reads back as the same double, so 0.7 is "0.7" on every platform and build.
std::string shortest(double value) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc{} ? std::string(buffer, end) : std::string("nan");
}

std::string without_trailing_slashes(std::string url) {
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

} // namespace

std::string canonical_request(const ProviderSpec& spec, const ChatRequest& request) {
    std::size_t size = 256 + request.model.size() + spec.base_url.size();
    for (const auto& message : request.messages) {
        size += 32 + message.role.size() + message.content.size();
    }
    std::string out;
    out.reserve(size);
    out.append(kFormat);
    out.push_back('\n');
    append_field(out, "kind", spec.kind);
    append_field(out, "base_url", without_trailing_slashes(spec.base_url));
    append_field(out, "model", request.model);
    append_field(out, "temperature", shortest(request.temperature));
    append_field(out, "max_tokens", request.max_tokens ? std::to_string(*request.max_tokens) : "none");
    // nlohmann's objects keep keys sorted and dump() adds no whitespace, which makes the dump canonical. Values
    // read from a config are valid UTF-8; replacing invalid bytes only keeps a hand-built value from throwing.
    append_field(out, "extra", request.extra.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (request.response_schema) {
        // Only when asked for: the keys of calls without a schema stay those older builds journaled.
        append_field(
            out, "response_format",
            request.response_schema->name + "\n" +
                request.response_schema->schema.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    append_field(out, "messages", std::to_string(request.messages.size()));
    for (const auto& message : request.messages) {
        append_field(out, "role", message.role);
        append_field(out, "content", message.content);
        // Only present in a tool exchange, so the keys of every call without tools stay what they were.
        for (const auto& call : message.tool_calls) {
            append_field(out, "tool_call", call.id);
            append_field(out, "tool_name", call.name);
            append_field(out, "tool_arguments", call.arguments);
        }
        if (!message.tool_call_id.empty()) {
            append_field(out, "tool_call_id", message.tool_call_id);
        }
    }
    if (!request.tools.empty()) {
        append_field(out, "tools", request.tools.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        append_field(out, "tool_call_limit", std::to_string(request.tool_call_limit));
    }
    return out;
}

std::string request_key(const ProviderSpec& spec, const ChatRequest& request) {
    return util::sha256_hex(canonical_request(spec, request));
}

} // namespace parley::llm
