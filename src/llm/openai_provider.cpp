#include "llm/openai_provider.hpp"

#include <chrono>
#include <utility>

#include <spdlog/spdlog.h>

#include "llm/chat_stream.hpp"
#include "llm/openai_json.hpp"
#include "llm/rate_limit_headers.hpp"
#include "util/utf8.hpp"

namespace parley::llm {

namespace {

using Clock = std::chrono::steady_clock;

// A sane answer is far smaller; anything bigger is a misbehaving server, not a completion worth keeping.
constexpr std::size_t kMaxBodyBytes = 32u << 20;
constexpr std::size_t kQuotedBodyBytes = 200;
constexpr const char* kRedacted = "[redacted]";

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

std::string host_of(std::string_view url) {
    if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
        url.remove_prefix(scheme + 3);
    }
    url = url.substr(0, url.find('/'));
    if (const auto at = url.rfind('@'); at != std::string_view::npos) {
        url.remove_prefix(at + 1);
    }
    if (!url.empty() && url.front() == '[') {
        return std::string(url.substr(0, url.find(']') + 1));
    }
    return std::string(url.substr(0, url.find(':')));
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

bool is_loopback(std::string_view host) {
    return host == "localhost" || host == "[::1]" || host.substr(0, 4) == "127.";
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
}

tl::unexpected<Error> OpenAiProvider::failure(Error error) const {
    error.provider = context_.label;
    // A server may echo the key it was sent (some gateways do, in full); it must not travel any further.
    if (!endpoint_.api_key.empty()) {
        for (auto at = error.message.find(endpoint_.api_key); at != std::string::npos;
             at = error.message.find(endpoint_.api_key, at)) {
            error.message.replace(at, endpoint_.api_key.size(), kRedacted);
        }
        for (auto at = error.provider_message.find(endpoint_.api_key); at != std::string::npos;
             at = error.provider_message.find(endpoint_.api_key, at)) {
            error.provider_message.replace(at, endpoint_.api_key.size(), kRedacted);
        }
    }
    spdlog::debug("{}", error.message);
    return tl::make_unexpected(std::move(error));
}

Result<ChatResponse> OpenAiProvider::complete(const ChatRequest& request, std::stop_token stop,
                                              const DeltaCallback& on_delta) {
    HttpRequest http = request_template_;
    http.body = build_request_body(request, endpoint_.stream);
    spdlog::debug("{}: POST /chat/completions model={} stream={} ({} bytes)", context_.label, request.model,
                  endpoint_.stream, http.body.size());

    ChatStream stream(on_delta);
    bool streamed = false;
    bool too_large = false;
    std::string body;
    const auto sink = [&](long status, const HeaderMap& headers, std::string_view bytes) {
        if (status >= 200 && status < 300 && (streamed || is_event_stream(headers))) {
            streamed = true;
            return stream.feed(bytes);
        }
        if (body.size() + bytes.size() > kMaxBodyBytes) {
            too_large = true;
            return false;
        }
        body.append(bytes);
        return true;
    };
    const auto start = Clock::now();
    HttpOutcome outcome = http_.post(http, stop, sink);
    const auto end = Clock::now();
    spdlog::debug("{}: HTTP {} after {:.1f} ms, {} new connection(s)", context_.label, outcome.status,
                  ms_between(start, end), outcome.new_connections);

    if (outcome.stopped_by == StopReason::cancelled) {
        return failure(Error{ErrorKind::cancelled, context_.label + ": cancelled", 0, std::nullopt});
    }
    if (outcome.stopped_by != StopReason::none && outcome.stopped_by != StopReason::sink) {
        return failure(Error{ErrorKind::transient,
                             context_.label + ": " + stop_message(outcome.stopped_by, endpoint_.timeouts),
                             static_cast<int>(outcome.status), std::nullopt, RetryReason::timeout});
    }
    if (stream.error()) {
        return failure(error_object_error(*stream.error(), outcome.status, context_));
    }
    if (stream.malformed_chunk()) {
        return failure(Error{ErrorKind::transient,
                             context_.label + ": a stream chunk is not JSON: " + *stream.malformed_chunk(),
                             static_cast<int>(outcome.status), std::nullopt, RetryReason::truncated});
    }
    if (too_large) {
        return failure(
            Error{ErrorKind::permanent,
                  context_.label + ": the response is larger than " + std::to_string(kMaxBodyBytes >> 20) + " MiB",
                  static_cast<int>(outcome.status), std::nullopt});
    }
    if (outcome.curl_code != 0) {
        return failure(Error{transport_error_kind(outcome.curl_code), context_.label + ": " + outcome.curl_message,
                             static_cast<int>(outcome.status), std::nullopt,
                             transport_retry_reason(outcome.curl_code)});
    }

    ChatResponse response;
    response.rate_limit = parse_rate_limit(outcome.headers, std::chrono::system_clock::now());
    // Redirects are not followed: a POST body must not be replayed to wherever a server points.
    if (outcome.status >= 300 || outcome.status < 200) {
        Error error = http_status_error(outcome.status, body, context_);
        error.retry_after = retry_delay(response.rate_limit);
        return failure(std::move(error));
    }

    std::optional<Usage> usage;
    std::string finish_reason;
    if (streamed) {
        if (!stream.finished()) {
            return failure(Error{ErrorKind::transient,
                                 context_.label + ": the stream ended before the answer was complete (truncated)",
                                 static_cast<int>(outcome.status), std::nullopt, RetryReason::truncated});
        }
        response.content = stream.content();
        response.model = stream.model();
        usage = stream.usage();
        finish_reason = stream.finish_reason();
        response.time_to_first_token_ms = ms_between(start, stream.first_content_at().value_or(end));
    } else {
        auto part = parse_completion_part(body);
        if (!part) {
            return failure(
                Error{ErrorKind::transient,
                      context_.label + ": the response is not JSON: " + util::truncate_utf8(body, kQuotedBodyBytes),
                      static_cast<int>(outcome.status), std::nullopt});
        }
        if (part->error) {
            return failure(error_object_error(*part->error, outcome.status, context_));
        }
        response.content = std::move(part->content);
        response.model = std::move(part->model);
        usage = part->usage;
        finish_reason = std::move(part->finish_reason);
        response.time_to_first_token_ms = ms_between(start, end);
    }
    if (finish_reason == "content_filter") {
        return failure(Error{ErrorKind::permanent,
                             context_.label + ": the provider's content filter stopped the answer",
                             static_cast<int>(outcome.status), std::nullopt});
    }
    response.usage = usage ? *usage : estimate_usage(request, response.content);
    if (response.model.empty()) {
        response.model = request.model;
    }
    response.latency_ms = ms_between(start, end);
    return response;
}

} // namespace parley::llm
