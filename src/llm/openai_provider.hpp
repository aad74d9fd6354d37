#pragma once
// The network provider: any server speaking OpenAI's chat-completions API (OpenAI, OpenRouter, Ollama, vLLM,
// llama.cpp server, LM Studio, a company gateway), streaming or not.

#include <atomic>
#include <map>
#include <string>
#include <string_view>

#include "llm/http_client.hpp"
#include "llm/http_errors.hpp"
#include "llm/provider.hpp"
#include "llm/provider_spec.hpp"

namespace parley::llm {

/// The whole message of the chat check (check_chat): short, so the call costs a few tokens, and saying what it is to
/// whoever reads the server's log.
inline constexpr std::string_view kChatCheckMessage = "parley endpoint check: reply with OK.";

/// One OpenAI-compatible endpoint, with its key already looked up (see make_provider).
struct OpenAiEndpoint {
    std::string kind;        ///< the config's provider kind, for labels and messages
    std::string base_url;    ///< e.g. "https://api.openai.com/v1"; "/chat/completions" is appended
    std::string api_key;     ///< empty: no Authorization header (local servers)
    std::string api_key_env; ///< the variable the key came from, named in auth errors (never the key)
    std::map<std::string, std::string> headers; ///< extra request headers
    Timeouts timeouts;
    bool stream = true;
    std::size_t max_response_bytes = kDefaultMaxResponseBytes; ///< see ProviderSpec::max_response_bytes
    std::string ca_bundle;                                     ///< extra CA bundle file; empty: the system's
};

/// Calls POST {base_url}/chat/completions over a pooled, reused libcurl connection; safe from many threads.
class OpenAiProvider final : public Provider {
public:
    /// A provider for `endpoint`; makes no call until complete().
    explicit OpenAiProvider(OpenAiEndpoint endpoint);

    Result<ChatResponse> complete(const ChatRequest& request, std::stop_token stop,
                                  const DeltaCallback& on_delta) override;
    std::string label() const override { return context_.label; }
    bool is_local() const override;
    /// Connects and sends `GET {base_url}/models`: a server that answers at all passes (a 404 too: not every
    /// server lists models), unless it rejects the key (401/403).
    Result<void> check_endpoint(std::chrono::milliseconds limit) override;
    /// Sends one chat call of at most one answer token to `model`: fails on an answer no run could use (a 5xx
    /// other than 503/504, a 404, a refused key), passes on an answer, and on anything that may be passing (a
    /// timeout, a 503 while a model loads, a 429, a 400 for the tiny max_tokens).
    Result<ChatCheck> check_chat(const std::string& model, std::chrono::milliseconds limit) override;

private:
    /// One POST /chat/completions of `request`, with its response_format or without it.
    Result<ChatResponse> send(const ChatRequest& request, bool with_schema, std::stop_token stop,
                              const DeltaCallback& on_delta);
    Error transport_error(const HttpOutcome& outcome, long connect_limit_ms) const;
    tl::unexpected<Error> failure(Error error) const;
    Error not_a_completion(const std::string& why, long status) const;
    std::string quoted(std::string_view server_text) const;

    struct ResponseReader;
    struct Answer;
    /// Why a transfer ended without a whole answer (stopped, refused, malformed, too large, failed); none if it did.
    std::optional<Error> unfinished_transfer(const HttpOutcome& outcome, const ResponseReader& reader) const;
    /// The answer a finished 2xx stream carried, or why it is not one.
    Result<Answer> streamed_answer(const ResponseReader& reader, long status,
                                   std::chrono::steady_clock::time_point start,
                                   std::chrono::steady_clock::time_point end) const;
    /// The answer a 2xx JSON body carried, or why it is not one.
    Result<Answer> body_answer(const std::string& body, long status, std::chrono::steady_clock::time_point start,
                               std::chrono::steady_clock::time_point end) const;
    /// Why an answer must not be used (filtered, empty); none if it may.
    std::optional<Error> unusable_answer(const Answer& answer, long status) const;

    OpenAiEndpoint endpoint_;
    HttpRequest request_template_;
    ErrorContext context_;
    HttpClient http_;
    /// Set once the server refused a response_format: the run's later calls ask by the prompt alone.
    std::atomic<bool> schema_refused_{false};
};

} // namespace parley::llm
