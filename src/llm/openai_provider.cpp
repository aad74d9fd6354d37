#include "llm/openai_provider.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include "llm/chat_stream.hpp"
#include "llm/endpoint_check.hpp"
#include "llm/local_endpoint.hpp"
#include "llm/openai_json.hpp"
#include "llm/rate_limit_headers.hpp"
#include "util/secret_redaction.hpp"
#include "util/utf8.hpp"

namespace parley::llm {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kQuotedBodyBytes = 200;
// Enough of a refusal to GET /models to quote the server's reason.
constexpr std::size_t kMaxCheckBodyBytes = 4096;
// Enough of the chat check's answer: one token, or an error body.
constexpr std::size_t kMaxChatCheckBytes = 64 * 1024;

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// The URL without "user:password@", which must not reach labels, logs or reports.
std::string without_userinfo(const std::string& url) {
    const auto authority = url.find("://");
    const auto start = authority == std::string::npos ? 0 : authority + 3;
    const auto at = url.find('@', start);
    if (at == std::string::npos || at > url.find('/', start)) {
        return url;
    }
    return url.substr(0, start) + url.substr(at + 1);
}

bool is_event_stream(const HeaderMap& headers) {
    const auto it = headers.find("content-type");
    return it != headers.end() && it->second.find("text/event-stream") != std::string::npos;
}

std::string stop_message(StopReason reason, const Timeouts& limits) {
    switch (reason) {
    case StopReason::first_byte_timeout:
        return "no response within " + std::to_string(limits.first_byte_ms) + " ms (first-byte timeout)";
    case StopReason::idle_timeout:
        return "the response stalled: no byte for " + std::to_string(limits.idle_ms) + " ms (idle timeout)";
    case StopReason::total_timeout:
        return "the call took longer than " + std::to_string(limits.total_ms) + " ms (total timeout)";
    case StopReason::cancelled:
        return "cancelled";
    case StopReason::sink:
    case StopReason::header_limit:
    case StopReason::none:
        break;
    }
    return "stopped";
}

} // namespace

OpenAiProvider::OpenAiProvider(OpenAiEndpoint endpoint) : endpoint_(std::move(endpoint)) {
    while (!endpoint_.base_url.empty() && endpoint_.base_url.back() == '/') {
        endpoint_.base_url.pop_back();
    }
    request_template_.url = endpoint_.base_url + "/chat/completions";
    request_template_.headers.push_back("Content-Type: application/json");
    request_template_.headers.push_back(endpoint_.stream ? "Accept: text/event-stream" : "Accept: application/json");
    if (!endpoint_.api_key.empty()) {
        request_template_.headers.push_back("Authorization: Bearer " + endpoint_.api_key);
    }
    for (const auto& [name, value] : endpoint_.headers) {
        request_template_.headers.push_back(name + ": " + value);
    }
    request_template_.timeouts = endpoint_.timeouts;
    request_template_.ca_bundle = endpoint_.ca_bundle;
    request_template_.bypass_proxy = is_loopback(host_of(endpoint_.base_url));
    context_.label = endpoint_.kind + " (" + without_userinfo(endpoint_.base_url) + ")";
    context_.key_env = endpoint_.api_key.empty() ? std::string() : endpoint_.api_key_env;
    context_.secret = endpoint_.api_key;
}

bool OpenAiProvider::is_local() const {
    return is_local_endpoint(endpoint_.kind, endpoint_.base_url);
}

tl::unexpected<Error> OpenAiProvider::failure(Error error) const {
    error.provider = context_.label;
    // Server text was redacted before it was shortened; this catches a key in anything else (a curl message).
    error.message = util::redact_secret(error.message, endpoint_.api_key);
    error.provider_message = util::redact_secret(error.provider_message, endpoint_.api_key);
    spdlog::debug("{}", error.message);
    return tl::make_unexpected(std::move(error));
}

std::string OpenAiProvider::quoted(std::string_view server_text) const {
    // Redacted whole, then cut: a key cut in two by the truncation would no longer be recognised.
    return util::truncate_utf8(util::redact_secret(server_text, endpoint_.api_key), kQuotedBodyBytes);
}

Error OpenAiProvider::not_a_completion(const std::string& why, long status) const {
    // A wrong baseUrl (some other JSON API) answers this way every time: retrying cannot help.
    return Error{ErrorKind::permanent,
                 context_.label + ": the answer to POST /chat/completions is not a chat completion (" + why +
                     "); check baseUrl",
                 static_cast<int>(status), std::nullopt};
}

Error OpenAiProvider::transport_error(const HttpOutcome& outcome, long connect_limit_ms) const {
    const RetryReason reason = transport_retry_reason(outcome.curl_code, outcome.connected);
    std::string message = context_.label + ": " + outcome.curl_message;
    if (reason == RetryReason::unreachable) {
        message = unreachable_message(
            UnreachableEndpoint{context_.label, endpoint_.kind, without_userinfo(endpoint_.base_url), outcome.curl_code,
                                outcome.os_errno, connect_limit_ms, proxy_variable_for(endpoint_.base_url)});
    }
    return Error{transport_error_kind(outcome.curl_code), std::move(message), static_cast<int>(outcome.status),
                 std::nullopt, reason};
}

Result<void> OpenAiProvider::check_endpoint(std::chrono::milliseconds limit) {
    HttpRequest http = request_template_;
    http.method = HttpMethod::get;
    http.url = endpoint_.base_url + "/models";
    // Accept and Content-Type of a completion mean nothing to a GET; the key and the extra headers stay.
    std::erase_if(http.headers, [](const std::string& line) {
        return line.rfind("Content-Type:", 0) == 0 || line.rfind("Accept:", 0) == 0;
    });
    const long limit_ms = static_cast<long>(limit.count());
    http.timeouts = Timeouts{limit_ms, limit_ms, limit_ms, limit_ms};
    std::string body;
    const auto sink = [&](long, const HeaderMap&, std::string_view bytes) {
        // Only an error body is read, for the message of a refused key; a model list can be long.
        if (body.size() < kMaxCheckBodyBytes) {
            body.append(bytes.substr(0, kMaxCheckBodyBytes - body.size()));
        }
        return true;
    };
    const HttpOutcome outcome = http_.post(http, std::stop_token(), sink);
    spdlog::debug("{}: GET /models: HTTP {}, curl {} ({})", context_.label, outcome.status, outcome.curl_code,
                  outcome.connected ? "connected" : "no connection");
    if (outcome.status == 401 || outcome.status == 403) {
        return failure(http_status_error(outcome.status, body, context_));
    }
    if (outcome.status > 0 || outcome.connected) {
        // Something answers there (or accepted the connection and is slow): the run's calls will tell the rest.
        return {};
    }
    if (outcome.stopped_by != StopReason::none) {
        HttpOutcome timed_out = outcome;
        timed_out.curl_code = CURLE_OPERATION_TIMEDOUT;
        return failure(transport_error(timed_out, limit_ms));
    }
    if (outcome.curl_code != 0 && (is_unreachable(outcome.curl_code, outcome.connected) ||
                                   transport_error_kind(outcome.curl_code) == ErrorKind::permanent)) {
        return failure(transport_error(outcome, limit_ms));
    }
    return {};
}

Result<ChatCheck> OpenAiProvider::check_chat(const std::string& model, std::chrono::milliseconds limit) {
    ChatRequest ping;
    ping.model = model;
    ping.temperature = 0;
    ping.max_tokens = 1;
    ping.messages = {{"user", std::string(kChatCheckMessage)}};
    HttpRequest http = request_template_;
    http.body = build_request_body(ping, false);
    std::erase_if(http.headers, [](const std::string& line) { return line.rfind("Accept:", 0) == 0; });
    http.headers.push_back("Accept: application/json");
    const long limit_ms = static_cast<long>(limit.count());
    http.timeouts = Timeouts{limit_ms, limit_ms, limit_ms, limit_ms};
    std::string body;
    const auto sink = [&](long, const HeaderMap&, std::string_view bytes) {
        // A one-token answer or an error body is small; anything longer is not read to its end.
        body.append(bytes.substr(0, std::min(bytes.size(), kMaxChatCheckBytes - body.size())));
        return body.size() < kMaxChatCheckBytes;
    };
    const auto start = Clock::now();
    const HttpOutcome outcome = http_.post(http, std::stop_token(), sink);
    spdlog::debug("{}: chat check of model {}: HTTP {} after {:.1f} ms", context_.label, model, outcome.status,
                  ms_between(start, Clock::now()));
    ChatCheck out;
    out.made = true;
    const long status = outcome.status;
    if (status >= 200 && status < 300) {
        out.answered = true;
        const auto part = parse_completion_part(body, PartShape::completion);
        out.usage = part && part->usage ? *part->usage : estimate_usage(ping, part ? part->content : std::string());
        return out;
    }
    const bool refused_key = status == 401 || status == 403;
    const bool cannot_answer = status == 404 || (status >= 500 && status != 503 && status != 504);
    if (refused_key || cannot_answer) {
        Error error = http_status_error(status, body, context_);
        if (cannot_answer) {
            error.message += "; the chat check (one call of one token to model \"" + model +
                             "\") failed although GET /models answered: check the server's log and the model name, "
                             "or skip the check with --no-chat-check";
        }
        return failure(std::move(error));
    }
    // Busy, loading a model, slow, or refusing the tiny max_tokens: the run's own calls will tell.
    out.note = status > 0 ? "HTTP " + std::to_string(status) : "no answer within " + std::to_string(limit_ms) + " ms";
    return out;
}

/// Collects a response: a 2xx event stream into a ChatStream, anything else as a body, both within the size cap.
struct OpenAiProvider::ResponseReader {
    ResponseReader(const DeltaCallback& on_delta, std::size_t max_bytes) : cap(max_bytes), stream(on_delta, cap) {}

    /// The HTTP client's body sink; false stops the transfer.
    bool read(long status, const HeaderMap& headers, std::string_view bytes) {
        if (status >= 200 && status < 300 && (streamed || is_event_stream(headers))) {
            streamed = true;
            return stream.feed(bytes);
        }
        body_read += bytes.size();
        if (body.size() + bytes.size() > cap) {
            too_large = true;
            return false;
        }
        body.append(bytes);
        return true;
    }

    std::size_t cap;
    ChatStream stream;
    bool streamed = false;
    bool too_large = false;
    std::string body;
    std::size_t body_read = 0;
};

/// What a 2xx answer said, from a stream or from one JSON body, before it is checked.
struct OpenAiProvider::Answer {
    std::string content;
    std::vector<ToolCall> tool_calls;
    std::string model;
    std::optional<Usage> usage;
    std::string finish_reason;
    double time_to_first_token_ms = 0;
};

Result<ChatResponse> OpenAiProvider::complete(const ChatRequest& request, std::stop_token stop,
                                              const DeltaCallback& on_delta) {
    // A response_format the config's extraParams set is the user's own: sent as it stands, never dropped.
    const bool ours = request.response_schema && !request.extra.contains("response_format");
    if (!ours || schema_refused_.load()) {
        return send(request, false, stop, on_delta);
    }
    auto answer = send(request, true, stop, on_delta);
    if (answer || (answer.error().http_status != 400 && answer.error().http_status != 422)) {
        return answer;
    }
    // A server that does not know response_format refuses the whole call: asked once more without it, and when that
    // answers, the rest of the run asks by the prompt alone (the answer is checked either way).
    auto plain = send(request, false, stop, on_delta);
    if (plain && !schema_refused_.exchange(true)) {
        spdlog::warn("{}: the server refused response_format (HTTP {}: {}); asking for JSON by the prompt alone for "
                     "the rest of the run",
                     context_.label, answer.error().http_status, answer.error().provider_message);
    }
    return plain;
}

Result<ChatResponse> OpenAiProvider::send(const ChatRequest& request, bool with_schema, std::stop_token stop,
                                          const DeltaCallback& on_delta) {
    HttpRequest http = request_template_;
    if (with_schema || !request.response_schema) {
        http.body = build_request_body(request, endpoint_.stream);
    } else {
        ChatRequest plain = request;
        plain.response_schema.reset();
        http.body = build_request_body(plain, endpoint_.stream);
    }
    spdlog::debug("{}: POST /chat/completions model={} stream={} ({} bytes)", context_.label, request.model,
                  endpoint_.stream, http.body.size());

    // A key the server echoes in its answer is removed before any delta is shown.
    util::StreamRedactor redactor(endpoint_.api_key);
    const DeltaCallback redacted_delta = [&](std::string_view delta) {
        if (const auto safe = redactor.push(delta); !safe.empty() && on_delta) {
            on_delta(safe);
        }
    };
    ResponseReader reader(redacted_delta, endpoint_.max_response_bytes);
    const auto sink = [&reader](long status, const HeaderMap& headers, std::string_view bytes) {
        return reader.read(status, headers, bytes);
    };
    const auto start = Clock::now();
    HttpOutcome outcome = http_.post(http, stop, sink);
    const auto end = Clock::now();
    spdlog::debug("{}: HTTP {} after {:.1f} ms, {} new connection(s)", context_.label, outcome.status,
                  ms_between(start, end), outcome.new_connections);

    if (auto unfinished = unfinished_transfer(outcome, reader)) {
        return failure(std::move(*unfinished));
    }
    ChatResponse response;
    response.rate_limit = parse_rate_limit(outcome.headers, std::chrono::system_clock::now());
    // Redirects are not followed: a POST body must not be replayed to wherever a server points.
    if (outcome.status >= 300 || outcome.status < 200) {
        Error error = http_status_error(outcome.status, reader.body, context_);
        error.retry_after = retry_delay(response.rate_limit);
        return failure(std::move(error));
    }
    Result<Answer> answer = reader.streamed ? streamed_answer(reader, outcome.status, start, end)
                                            : body_answer(reader.body, outcome.status, start, end);
    if (!answer) {
        return failure(std::move(answer.error()));
    }
    if (reader.streamed) {
        if (const auto rest = redactor.finish(); !rest.empty() && on_delta) {
            on_delta(rest);
        }
    }
    if (auto unusable = unusable_answer(*answer, outcome.status)) {
        return failure(std::move(*unusable));
    }
    // Stored, shown and reported from here on: a key the server echoed must not travel with it.
    response.content = util::redact_secret(answer->content, endpoint_.api_key);
    response.model = util::redact_secret(answer->model, endpoint_.api_key);
    for (const auto& call : answer->tool_calls) {
        response.tool_calls.push_back({util::redact_secret(call.id, endpoint_.api_key), call.name,
                                       util::redact_secret(call.arguments, endpoint_.api_key)});
    }
    response.usage = answer->usage ? *answer->usage : estimate_usage(request, response.content);
    if (response.model.empty()) {
        response.model = request.model;
    }
    response.time_to_first_token_ms = answer->time_to_first_token_ms;
    response.latency_ms = ms_between(start, end);
    return response;
}

std::optional<Error> OpenAiProvider::unfinished_transfer(const HttpOutcome& outcome,
                                                         const ResponseReader& reader) const {
    const int status = static_cast<int>(outcome.status);
    const ChatStream& stream = reader.stream;
    if (outcome.stopped_by == StopReason::cancelled) {
        return Error{ErrorKind::cancelled, context_.label + ": cancelled", 0, std::nullopt};
    }
    if (outcome.stopped_by == StopReason::header_limit) {
        return Error{ErrorKind::permanent,
                     context_.label + ": the response headers are larger than " +
                         std::to_string(kMaxResponseHeaderBytes) + " bytes or more than " +
                         std::to_string(kMaxResponseHeaders) + " lines (stopped after " +
                         std::to_string(outcome.header_bytes) + " bytes)",
                     status, std::nullopt};
    }
    if (outcome.stopped_by != StopReason::none && outcome.stopped_by != StopReason::sink) {
        return Error{ErrorKind::transient, context_.label + ": " + stop_message(outcome.stopped_by, endpoint_.timeouts),
                     status, std::nullopt, RetryReason::timeout};
    }
    if (stream.error()) {
        return error_object_error(*stream.error(), outcome.status, context_);
    }
    if (stream.malformed_chunk()) {
        return Error{ErrorKind::transient,
                     context_.label + ": a stream chunk is not JSON: " + quoted(*stream.malformed_chunk()), status,
                     std::nullopt, RetryReason::truncated};
    }
    if (stream.shape_problem()) {
        return not_a_completion("a stream chunk: " + *stream.shape_problem(), outcome.status);
    }
    if (reader.too_large || stream.too_large()) {
        const std::size_t read = reader.streamed ? stream.bytes_read() : reader.body_read;
        return Error{ErrorKind::permanent,
                     context_.label + ": the answer is larger than maxResponseBytes=" + std::to_string(reader.cap) +
                         " (stopped after reading " + std::to_string(read) + " bytes)",
                     status, std::nullopt};
    }
    if (outcome.curl_code != 0) {
        return transport_error(outcome, endpoint_.timeouts.connect_ms);
    }
    return std::nullopt;
}

Result<OpenAiProvider::Answer> OpenAiProvider::streamed_answer(const ResponseReader& reader, long status,
                                                               Clock::time_point start, Clock::time_point end) const {
    const ChatStream& stream = reader.stream;
    if (!stream.finished()) {
        return tl::make_unexpected(Error{
            ErrorKind::transient, context_.label + ": the stream ended before the answer was complete (truncated)",
            static_cast<int>(status), std::nullopt, RetryReason::truncated});
    }
    return Answer{stream.content(), stream.tool_calls(),    stream.model(),
                  stream.usage(),   stream.finish_reason(), ms_between(start, stream.first_content_at().value_or(end))};
}

Result<OpenAiProvider::Answer> OpenAiProvider::body_answer(const std::string& body, long status,
                                                           Clock::time_point start, Clock::time_point end) const {
    auto part = parse_completion_part(body, PartShape::completion);
    if (!part) {
        return tl::make_unexpected(Error{ErrorKind::transient,
                                         context_.label + ": the response is not JSON: " + quoted(body),
                                         static_cast<int>(status), std::nullopt});
    }
    if (part->error) {
        return tl::make_unexpected(error_object_error(*part->error, status, context_));
    }
    if (!part->problem.empty()) {
        return tl::make_unexpected(not_a_completion(part->problem, status));
    }
    return Answer{std::move(part->content),       std::move(part->tool_calls), std::move(part->model), part->usage,
                  std::move(part->finish_reason), ms_between(start, end)};
}

std::optional<Error> OpenAiProvider::unusable_answer(const Answer& answer, long status) const {
    if (answer.finish_reason == "content_filter") {
        return Error{ErrorKind::permanent, context_.label + ": the provider's content filter stopped the answer",
                     static_cast<int>(status), std::nullopt};
    }
    if (answer.content.empty() && answer.tool_calls.empty()) {
        // An empty answer would be journaled and count as a contribution; another sample may well say something.
        return Error{ErrorKind::transient,
                     context_.label + ": the answer is empty (finish_reason " +
                         (answer.finish_reason.empty() ? std::string("missing") : quoted(answer.finish_reason)) + ")",
                     static_cast<int>(status), std::nullopt};
    }
    return std::nullopt;
}

} // namespace parley::llm
