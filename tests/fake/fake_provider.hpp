#pragma once
// A loopback OpenAI-compatible server for tests, benchmarks and users: scripted replies, recorded requests.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
class DataSink;
} // namespace httplib

namespace parley::testing {

/// What the fake does with one chat-completion request; streamed or not as the request asks.
struct FakeReply {
    /// The behaviour.
    enum class Kind {
        answer,          ///< a normal completion
        http_error,      ///< `status` with an OpenAI-shaped error body
        drop_connection, ///< half the body, then the connection closes without ending the response
        stall,           ///< half the stream, silence for `stall_for`, then the rest
        truncated,       ///< half the stream, then a clean end without a finish reason or [DONE]
        malformed_json,  ///< a body (or a stream chunk) that is not JSON
        stream_error,    ///< half the stream, then an error object ({"error": ...} with status 200 when not streamed)
        endless_stream,  ///< a stream of content deltas of `piece_bytes` each that never ends (until stopped)
        endless_line,    ///< "data: " and then bytes without a line end, forever (until stopped)
        raw_body,        ///< status 200 with `raw_body` as the whole JSON body, streamed or not
    };

    Kind kind = Kind::answer;
    std::string content = "Hello from the fake provider.";
    std::string model = "fake-model-1";
    std::size_t piece_bytes = 4;          ///< content bytes per streamed delta (cut on character boundaries)
    std::size_t chunk_bytes = 0;          ///< socket writes of at most this many bytes; 0: one write per event
    bool send_usage = true;               ///< whether usage is reported (streams only when the request asks for it)
    std::chrono::milliseconds latency{0}; ///< wait before the response starts
    std::chrono::milliseconds stall_for{10'000};
    int status = 500; ///< for http_error
    std::string error_message = "The fake provider failed on purpose.";
    std::string error_code;                     ///< error.code in error bodies and objects; empty: null
    std::map<std::string, std::string> headers; ///< extra response headers (Retry-After, x-ratelimit-*)
    std::string raw_stream;                     ///< when set, the exact SSE body to send instead of built events
    std::string raw_body;                       ///< for raw_body: the exact body of the 200
    /// For answer: tool calls (name, arguments JSON text) instead of content; finish_reason "tool_calls". Streamed,
    /// each call comes in pieces (its id and name first, then its arguments in two halves), as OpenAI sends them.
    std::vector<std::pair<std::string, std::string>> tool_calls;

    /// A completion answering `text`.
    static FakeReply answer(std::string text);
    /// An HTTP error with this status, message and extra headers.
    static FakeReply http_error(int status, std::string message, std::map<std::string, std::string> headers = {});
    /// Any other behaviour with default settings.
    static FakeReply of(Kind kind);
    /// A 200 whose body is exactly `body` (JSON that may not be a chat completion).
    static FakeReply raw(std::string body);
    /// A turn that calls tool `name` with `arguments` (JSON text) instead of answering.
    static FakeReply tool_call(std::string name, std::string arguments);
};

/// One request as the fake received it.
struct RecordedRequest {
    std::string method;
    std::string path;
    std::string body;
    std::map<std::string, std::string> headers; ///< lower-cased names
    int remote_port = 0;                        ///< the client's port: one per TCP connection
};

/// Chooses the reply to a request from the request itself (its body, its order of arrival, counted from 0); used
/// when no scripted reply is queued, instead of the default reply.
using FakeResponder = std::function<FakeReply(const RecordedRequest& request, std::size_t index)>;

/// A responder answering the default reply's text, and the judge's synthesis with a solution block that passes the
/// answer check (the default text, repeated by the judge, would be an echo of its prompt).
FakeResponder usable_verdict_responder();

/// One scripted tool call: made when a request's body contains `marker` (an agent's name, a round's words) and
/// carries exactly `after_results` tool results so far (0: the first turn).
struct ToolStep {
    std::string marker;
    std::size_t after_results = 0;
    std::string name;
    std::string arguments;
};

/// A responder that makes the first matching step's tool call, and answers every other request with `otherwise`.
FakeResponder tool_script_responder(std::vector<ToolStep> steps, FakeResponder otherwise);

/// Settings of a fake server.
struct FakeOptions {
    int port = 0;                ///< 0: any free port, chosen at start
    FakeReply default_reply;     ///< used when no scripted reply is queued and there is no responder
    FakeResponder responder;     ///< when set, answers every request no scripted reply is queued for
    std::string api_key;         ///< when set, requests without "Bearer <api_key>" get a 401 echoing what came
    long keep_alive_seconds = 2; ///< idle connections are closed after this, and stop() may wait this long
    bool serve_models = true;    ///< false: GET /v1/models is a 404, as on servers that do not list models
    /// The reply to parley's endpoint chat check (a request holding llm::kChatCheckMessage); none: the default
    /// reply. Check requests never take a scripted reply or reach the responder, so scripts and scenarios see the
    /// run's own calls only.
    std::optional<FakeReply> check_reply;
};

/// An OpenAI-compatible server on 127.0.0.1 serving /v1/chat/completions and /v1/models (which checks the key
/// too) until stopped.
class FakeProvider {
public:
    /// Starts serving at once; throws std::runtime_error when the port cannot be bound.
    explicit FakeProvider(FakeOptions options = {});
    ~FakeProvider();
    FakeProvider(const FakeProvider&) = delete;
    FakeProvider& operator=(const FakeProvider&) = delete;

    /// The port it listens on.
    int port() const { return port_; }
    /// "http://127.0.0.1:<port>/v1", the base URL a provider config points at.
    std::string base_url() const;
    /// Queues a reply for the next chat-completion request; replies are used in order, then the default.
    void script(FakeReply reply);
    /// Every chat request received so far, in arrival order, but parley's endpoint chat checks.
    std::vector<RecordedRequest> requests() const;
    /// parley's endpoint chat checks received so far, in arrival order.
    std::vector<RecordedRequest> check_requests() const;
    /// How many distinct TCP connections the requests came over.
    std::size_t connection_count() const;
    /// Stops serving and ends any stall or endless reply early; idempotent.
    void stop();
    /// Bytes written so far by endless replies (what a client could have read at most).
    std::size_t endless_bytes_sent() const;

private:
    void handle_chat(const httplib::Request& request, httplib::Response& response);
    FakeReply next_reply(const RecordedRequest& request, std::size_t index);
    bool sleep_unless_stopped(std::chrono::milliseconds duration);
    bool write_endless(const FakeReply& reply, httplib::DataSink& sink);

    FakeOptions options_;
    std::unique_ptr<httplib::Server> server_;
    int port_ = 0;
    mutable std::mutex mutex_;
    std::condition_variable stopping_cv_;
    bool stopping_ = false;
    std::deque<FakeReply> script_;
    std::vector<RecordedRequest> requests_;
    std::vector<RecordedRequest> check_requests_;
    std::size_t endless_bytes_ = 0;
    std::jthread thread_;
};

} // namespace parley::testing
