#pragma once
// One HTTP POST at a time per caller over libcurl, with parley's own deadlines and prompt cancellation.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "llm/provider_spec.hpp"
#include "util/error.hpp"

namespace parley::llm {

/// Response headers by lower-cased name; a repeated header keeps its last value.
using HeaderMap = std::map<std::string, std::string>;

/// Response headers larger than this in all (names, values and line ends) stop the transfer.
inline constexpr std::size_t kMaxResponseHeaderBytes = 64 * 1024;

/// More response header lines than this stop the transfer.
inline constexpr std::size_t kMaxResponseHeaders = 200;

/// The HTTP methods parley sends: POST for calls, GET for the cheap check of an endpoint before a run.
enum class HttpMethod { post, get };

/// What to send and how long to wait for it.
struct HttpRequest {
    HttpMethod method = HttpMethod::post;
    std::string url;
    std::vector<std::string> headers; ///< "Name: value" lines
    std::string body;                 ///< sent with a POST only
    Timeouts timeouts;
    std::string ca_bundle;     ///< extra CA bundle file; empty: the system's
    bool bypass_proxy = false; ///< true for loopback servers, which no proxy can reach
};

/// Why parley stopped a transfer before libcurl finished it.
enum class StopReason { none, cancelled, first_byte_timeout, idle_timeout, total_timeout, sink, header_limit };

/// How a transfer ended.
struct HttpOutcome {
    int curl_code = 0;        ///< CURLE_OK (0) unless the transport failed
    std::string curl_message; ///< libcurl's explanation when it failed
    long status = 0;          ///< the HTTP status, 0 when no response arrived
    HeaderMap headers;
    StopReason stopped_by = StopReason::none;
    long new_connections = 0;     ///< connections opened for this transfer; 0 when one was reused
    bool connected = false;       ///< a connection to the server (or its proxy) was made
    int os_errno = 0;             ///< the system's error of a failed connect (ECONNREFUSED, ...), 0 when none
    std::size_t header_bytes = 0; ///< response header bytes read (stops at kMaxResponseHeaderBytes)
    std::size_t header_count = 0; ///< response header lines read (stops at kMaxResponseHeaders)
};

/// Receives response body bytes as they arrive, with the status and headers; returning false aborts the transfer.
using BodySink = std::function<bool(long status, const HeaderMap& headers, std::string_view bytes)>;

/// A thread-safe HTTP client that keeps connections open between calls (one pooled libcurl session per
/// concurrent caller) and enforces connect, first-byte, idle and total limits itself.
class HttpClient {
public:
    /// An empty pool; also makes sure curl_global_init has run.
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Sends `request` (a POST or a GET, as its method says) and streams the response body into `sink`; returns
    /// as soon as `stop` is requested.
    HttpOutcome post(const HttpRequest& request, std::stop_token stop, const BodySink& sink);

private:
    struct Pool;
    std::unique_ptr<Pool> pool_;
};

/// The error kind of a failed transfer's libcurl code: transient for what a retry may cure (refused, reset,
/// timed out, cut short), permanent for what it cannot (bad URL, TLS verification failure).
ErrorKind transport_error_kind(int curl_code);

/// What a failed transfer's libcurl code says went wrong: unreachable when no connection could be made (refused
/// or a timeout before `connected`, host or proxy unknown), a timeout, else the connection.
RetryReason transport_retry_reason(int curl_code, bool connected = true);

} // namespace parley::llm
