#include "llm/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>

#include <curl/curl.h>

#include "util/saturating.hpp"

namespace parley::llm {

namespace {

using Clock = std::chrono::steady_clock;

// Sessions kept for reuse beyond this many idle ones are closed: more callers than this at once is a burst.
constexpr std::size_t kMaxIdleSessions = 16;
// curl_multi_poll never sleeps longer than this, so a missed wakeup could delay a deadline by at most this much.
constexpr int kMaxPollMs = 250;
constexpr long kLongestLimitMs = std::numeric_limits<std::int32_t>::max();

// A multi handle with its one easy handle. Connections live in the multi handle's cache, so a session that is
// reused reuses its open connection to the server.
struct Session {
    CURLM* multi = curl_multi_init();
    CURL* easy = curl_easy_init();

    Session() = default;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session() {
        curl_easy_cleanup(easy);
        curl_multi_cleanup(multi);
    }
};

// The state one transfer's callbacks share with the loop driving it; all on the calling thread.
struct Transfer {
    const BodySink* sink = nullptr;
    HttpOutcome* outcome = nullptr;
    CURL* easy = nullptr;
    std::optional<Clock::time_point> first_byte;
    Clock::time_point last_byte;
    bool sink_refused = false;
    bool header_limit = false;

    void saw_bytes() {
        last_byte = Clock::now();
        if (!first_byte) {
            first_byte = last_byte;
        }
    }
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    transfer.saw_bytes();
    // Counted across redirects and 100 Continue too: a server must not grow memory with endless headers.
    transfer.outcome->header_bytes += bytes;
    ++transfer.outcome->header_count;
    if (transfer.outcome->header_bytes > kMaxResponseHeaderBytes ||
        transfer.outcome->header_count > kMaxResponseHeaders) {
        transfer.header_limit = true;
        return 0;
    }
    std::string_view line(data, bytes);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
        line.remove_suffix(1);
    }
    if (line.substr(0, 5) == "HTTP/") {
        // A new status line starts a new response (after a 100 Continue or a redirect): forget the old headers.
        transfer.outcome->headers.clear();
        return bytes;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
        return bytes;
    }
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
    }
    transfer.outcome->headers[std::move(name)] = std::string(value);
    return bytes;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    transfer.saw_bytes();
    long status = 0;
    curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
    if (!(*transfer.sink)(status, transfer.outcome->headers, std::string_view(data, bytes))) {
        transfer.sink_refused = true;
        return 0;
    }
    return bytes;
}

// The next moment a limit of ours expires, and which limit that is.
std::pair<std::optional<Clock::time_point>, StopReason> next_deadline(const Timeouts& limits, Clock::time_point start,
                                                                      const Transfer& transfer) {
    std::optional<Clock::time_point> at;
    StopReason reason = StopReason::none;
    auto consider = [&](long limit_ms, Clock::time_point from, StopReason why) {
        if (limit_ms <= 0) {
            return;
        }
        const auto candidate = util::saturating_add(from, std::chrono::milliseconds(limit_ms));
        if (!at || candidate < *at) {
            at = candidate;
            reason = why;
        }
    };
    consider(limits.total_ms, start, StopReason::total_timeout);
    if (transfer.first_byte) {
        consider(limits.idle_ms, transfer.last_byte, StopReason::idle_timeout);
    } else {
        consider(limits.first_byte_ms, start, StopReason::first_byte_timeout);
    }
    return {at, reason};
}

void configure(CURL* easy, const HttpRequest& request, curl_slist* headers, Transfer& transfer) {
    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
    if (request.method == HttpMethod::get) {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(easy, CURLOPT_POST, 1L);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "parley/" PARLEY_VERSION);
    // Worker threads must never see libcurl's SIGALRM-based DNS timeouts.
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    if (request.timeouts.connect_ms > 0) {
        // Beyond about 24 days a connect limit means none; libcurl's own deadline arithmetic need not be trusted
        // with more.
        curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, std::min<long>(request.timeouts.connect_ms, kLongestLimitMs));
    }
    if (!request.ca_bundle.empty()) {
        curl_easy_setopt(easy, CURLOPT_CAINFO, request.ca_bundle.c_str());
    }
    if (request.bypass_proxy) {
        curl_easy_setopt(easy, CURLOPT_PROXY, "");
    }
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
}

curl_slist* header_list(const HttpRequest& request) {
    curl_slist* headers = nullptr;
    for (const auto& line : request.headers) {
        headers = curl_slist_append(headers, line.c_str());
    }
    // An empty Expect stops libcurl waiting a second for "100 Continue" before sending a large body.
    return curl_slist_append(headers, "Expect:");
}

// Drives the transfer until it ends, `stop` is requested or one of our limits expires (noted in `outcome`);
// CURLE_FAILED_INIT when the multi handle fails, else CURLE_OK.
CURLcode drive(CURLM* multi, const HttpRequest& request, const std::stop_token& stop, Clock::time_point start,
               const Transfer& transfer, HttpOutcome& outcome) {
    std::stop_callback wake(stop, [multi] { curl_multi_wakeup(multi); });
    int running = 1;
    while (running > 0) {
        if (curl_multi_perform(multi, &running) != CURLM_OK) {
            return CURLE_FAILED_INIT;
        }
        if (running == 0) {
            break;
        }
        if (stop.stop_requested()) {
            outcome.stopped_by = StopReason::cancelled;
            break;
        }
        const auto [deadline, reason] = next_deadline(request.timeouts, start, transfer);
        const auto now = Clock::now();
        if (deadline && now >= *deadline) {
            outcome.stopped_by = reason;
            break;
        }
        int wait_ms = kMaxPollMs;
        if (deadline) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - now).count();
            wait_ms = static_cast<int>(std::clamp<long>(left, 1, kMaxPollMs));
        }
        curl_multi_poll(multi, nullptr, 0, wait_ms, nullptr);
    }
    return CURLE_OK;
}

// How a transfer that ran to its end ended: a limit or the sink stopped it, libcurl failed it, or it succeeded.
void note_ending(CURLM* multi, CURLcode result, const Transfer& transfer, const char* error_buffer,
                 HttpOutcome& outcome) {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
        if (message->msg == CURLMSG_DONE) {
            result = message->data.result;
        }
    }
    if (transfer.header_limit) {
        outcome.stopped_by = StopReason::header_limit;
    } else if (transfer.sink_refused) {
        outcome.stopped_by = StopReason::sink;
    } else if (result != CURLE_OK) {
        outcome.curl_code = static_cast<int>(result);
        outcome.curl_message = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(result);
    }
}

// The status, connection counts and errno libcurl kept, and whether a connection was made.
void note_connection(CURL* easy, HttpOutcome& outcome) {
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &outcome.status);
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &outcome.new_connections);
    long os_errno = 0;
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_errno);
    outcome.os_errno = static_cast<int>(os_errno);
    curl_off_t connect_us = 0;
    curl_off_t pretransfer_us = 0;
    curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_us);
    curl_easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
    // Both stay 0 until a connection is made (or reused, which counts too: an earlier transfer made it).
    // A reset needs a peer that accepted first: the server is there, however early it hung up.
    outcome.connected = outcome.status > 0 || connect_us > 0 || pretransfer_us > 0 || outcome.os_errno == ECONNRESET;
}

} // namespace

struct HttpClient::Pool {
    std::mutex mutex;
    std::vector<std::unique_ptr<Session>> idle;

    std::unique_ptr<Session> acquire() {
        {
            std::lock_guard lock(mutex);
            if (!idle.empty()) {
                auto session = std::move(idle.back());
                idle.pop_back();
                return session;
            }
        }
        return std::make_unique<Session>();
    }

    void release(std::unique_ptr<Session> session) {
        std::lock_guard lock(mutex);
        if (idle.size() < kMaxIdleSessions) {
            idle.push_back(std::move(session));
        }
    }
};

HttpClient::HttpClient() : pool_(std::make_unique<Pool>()) {
    // Tests and benchmarks have no main of parley's to do this; in the app it only bumps libcurl's count.
    static std::once_flag global_init;
    std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpClient::~HttpClient() = default;

HttpOutcome HttpClient::post(const HttpRequest& request, std::stop_token stop, const BodySink& sink) {
    HttpOutcome outcome;
    if (stop.stop_requested()) {
        outcome.stopped_by = StopReason::cancelled;
        return outcome;
    }
    auto session = pool_->acquire();
    if (session->multi == nullptr || session->easy == nullptr) {
        outcome.curl_code = CURLE_OUT_OF_MEMORY;
        outcome.curl_message = "cannot create a libcurl handle";
        return outcome;
    }
    curl_slist* headers = header_list(request);
    Transfer transfer;
    transfer.sink = &sink;
    transfer.outcome = &outcome;
    transfer.easy = session->easy;
    char error_buffer[CURL_ERROR_SIZE] = {};
    configure(session->easy, request, headers, transfer);
    curl_easy_setopt(session->easy, CURLOPT_ERRORBUFFER, error_buffer);

    const auto start = Clock::now();
    curl_multi_add_handle(session->multi, session->easy);
    const CURLcode result = drive(session->multi, request, stop, start, transfer, outcome);
    if (outcome.stopped_by == StopReason::none) {
        note_ending(session->multi, result, transfer, error_buffer, outcome);
    }
    note_connection(session->easy, outcome);
    curl_multi_remove_handle(session->multi, session->easy);
    // Resetting drops the pointers into this frame but keeps the connection cache for the next call.
    curl_easy_reset(session->easy);
    curl_slist_free_all(headers);
    pool_->release(std::move(session));
    return outcome;
}

ErrorKind transport_error_kind(int curl_code) {
    switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_TOO_MANY_REDIRECTS:
        return ErrorKind::permanent;
    default:
        return ErrorKind::transient;
    }
}

RetryReason transport_retry_reason(int curl_code, bool connected) {
    switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return RetryReason::unreachable;
    case CURLE_COULDNT_CONNECT:
        return connected ? RetryReason::connection : RetryReason::unreachable;
    case CURLE_OPERATION_TIMEDOUT:
        return connected ? RetryReason::timeout : RetryReason::unreachable;
    default:
        return RetryReason::connection;
    }
}

} // namespace parley::llm
