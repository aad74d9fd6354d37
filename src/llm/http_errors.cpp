#include "llm/http_errors.hpp"

#include <algorithm>
#include <optional>

#include "util/json_document.hpp"
#include "util/secret_redaction.hpp"
#include "util/utf8.hpp"

namespace parley::llm {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxMessageBytes = 300;

std::string one_line(std::string_view raw, std::string_view secret) {
    // Redacted before it is cut: a key cut in two would leave its first part behind.
    const std::string text = util::redact_secret(raw, secret);
    std::string line;
    line.reserve(std::min(text.size(), kMaxMessageBytes));
    for (char c : text) {
        const bool space = c == '\n' || c == '\r' || c == '\t';
        if (space && (line.empty() || line.back() == ' ')) {
            continue;
        }
        line.push_back(space ? ' ' : c);
    }
    while (!line.empty() && line.back() == ' ') {
        line.pop_back();
    }
    return util::truncate_utf8(line, kMaxMessageBytes);
}

std::string string_or_empty(const json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string message_of(const json& error) {
    if (error.is_string()) {
        return error.get<std::string>();
    }
    if (error.is_object()) {
        return string_or_empty(error, "message");
    }
    return std::string();
}

// The machine-readable reason an OpenAI-shaped error gives ("insufficient_quota", "context_length_exceeded"),
// from `code` or else `type`.
std::string reason_of(const json& error) {
    if (!error.is_object()) {
        return std::string();
    }
    std::string reason = string_or_empty(error, "code");
    return reason.empty() ? string_or_empty(error, "type") : reason;
}

// What a status alone says, and how to word it.
struct StatusClass {
    ErrorKind kind;
    std::string what;
};

StatusClass classify_status(long status, const ErrorContext& context) {
    const std::string key = context.key_env.empty() ? std::string() : "the API key in " + context.key_env;
    switch (status) {
    case 401:
        return {ErrorKind::auth, key.empty() ? "the server wants an API key; set apiKeyEnv to the variable holding it"
                                             : key + " was rejected; check it or point apiKeyEnv elsewhere"};
    case 403:
        return {ErrorKind::auth, key.empty() ? "access denied; the server may want an API key (set apiKeyEnv)"
                                             : "access denied for " + key + "; check its permissions"};
    case 402:
        return {ErrorKind::quota, "out of credits or over quota; add credits or raise the limit, then resume"};
    case 404:
        return {ErrorKind::permanent, "not found; check baseUrl and the model name"};
    case 408:
        return {ErrorKind::transient, "the server timed out waiting for the request"};
    case 409:
    case 425:
        return {ErrorKind::transient, "the server asked to try again"};
    case 429:
        return {ErrorKind::transient, "rate limited"};
    default:
        break;
    }
    if (status >= 500) {
        return {ErrorKind::transient, "server error"};
    }
    if (status < 400) {
        return {ErrorKind::permanent, "redirected elsewhere; check baseUrl"};
    }
    return {ErrorKind::permanent, "the request was refused"};
}

// Reasons that say more than the status: OpenAI sends quota exhaustion as a 429, which no retry cures.
std::optional<StatusClass> classify_reason(std::string_view reason) {
    if (reason == "insufficient_quota") {
        return StatusClass{ErrorKind::quota,
                           "out of credits or over quota; add credits or raise the limit, then resume"};
    }
    if (reason == "context_length_exceeded") {
        return StatusClass{ErrorKind::permanent, "the request is longer than the model's context"};
    }
    if (reason == "content_filter" || reason == "content_policy_violation") {
        return StatusClass{ErrorKind::permanent, "the provider's content filter refused the request"};
    }
    if (reason == "invalid_api_key") {
        return StatusClass{ErrorKind::auth, "the API key was rejected"};
    }
    return std::nullopt;
}

// What a status says went wrong, for a failure worth retrying.
RetryReason retry_reason_for(long status) {
    if (status == 429) {
        return RetryReason::rate_limited;
    }
    if (status == 408) {
        return RetryReason::timeout;
    }
    return status >= 500 ? RetryReason::server_error : RetryReason::unknown;
}

Error make_error(const StatusClass& what, long status, std::string_view message, const ErrorContext& context) {
    std::string text = context.label + ": " + what.what;
    if (status > 0) {
        text += " (HTTP " + std::to_string(status) + ")";
    }
    if (!message.empty()) {
        text += ": " + std::string(message);
    }
    Error error{what.kind, std::move(text), static_cast<int>(status), std::nullopt};
    error.retry_reason = retry_reason_for(status);
    error.provider_message = std::string(message);
    error.provider = context.label;
    return error;
}

} // namespace

std::string provider_message(std::string_view body, std::string_view secret) {
    const json parsed = util::parse_json_bounded(body);
    if (parsed.is_object()) {
        std::string message;
        if (const auto error = parsed.find("error"); error != parsed.end()) {
            message = message_of(*error);
        }
        if (message.empty()) {
            message = string_or_empty(parsed, "message");
        }
        if (!message.empty()) {
            return one_line(message, secret);
        }
    }
    return one_line(body, secret);
}

Error http_status_error(long status, std::string_view body, const ErrorContext& context) {
    const json parsed = util::parse_json_bounded(body);
    std::optional<StatusClass> what;
    if (parsed.is_object()) {
        if (const auto error = parsed.find("error"); error != parsed.end()) {
            what = classify_reason(reason_of(*error));
        }
    }
    // A rejected key is reported as such whatever reason the body gives, so the variable is always named.
    if (!what || status == 401 || status == 403) {
        what = classify_status(status, context);
    }
    return make_error(*what, status, provider_message(body, context.secret), context);
}

Error error_object_error(const json& error, long status, const ErrorContext& context) {
    std::optional<StatusClass> what = classify_reason(reason_of(error));
    long claimed = status;
    if (error.is_object()) {
        if (const auto code = error.find("code"); code != error.end() && code->is_number_integer()) {
            claimed = code->get<long>();
        }
    }
    if (!what && reason_of(error) == "invalid_request_error") {
        what = StatusClass{ErrorKind::permanent, "the request was refused"};
    }
    if (!what) {
        what = claimed >= 400 ? classify_status(claimed, context) : StatusClass{ErrorKind::transient, "server error"};
    }
    what->what += " mid-response";
    Error made = make_error(*what, claimed, one_line(message_of(error), context.secret), context);
    if (claimed < 400) {
        made.retry_reason = RetryReason::server_error;
    }
    return made;
}

} // namespace parley::llm
