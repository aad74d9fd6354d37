#pragma once
// Provider failures turned into parley Errors: the kind the queue acts on, the status, the provider's own words.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace parley::llm {

/// Who an error is about, for its message.
struct ErrorContext {
    std::string label;   ///< the provider's label, e.g. "openai (https://api.openai.com/v1)"
    std::string key_env; ///< the variable the API key came from; empty when no key was sent
    std::string secret;  ///< the API key itself, removed from server text before it is shortened; never shown
};

/// The provider's own explanation in an error body: `error.message` of the OpenAI shape, a bare `error` string
/// or a `message`, else the body text; with `secret` redacted, then on one line and at most a few hundred bytes.
std::string provider_message(std::string_view body, std::string_view secret = {});

/// The Error for an HTTP error status (400 and up) and its body.
Error http_status_error(long status, std::string_view body, const ErrorContext& context);

/// The Error for an error object a server sent instead of an answer: mid-stream, or in a 200 body. `status` is
/// the HTTP status the response carried.
Error error_object_error(const nlohmann::json& error, long status, const ErrorContext& context);

} // namespace parley::llm
