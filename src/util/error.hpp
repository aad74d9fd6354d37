#pragma once
// The error type carried across parsing, network and journal boundaries.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace parley {

/// What kind of failure an Error is; decides retry behaviour and the exit code.
enum class ErrorKind {
    invalid_input, ///< bad flags, problem file or other user input (exit 2)
    config,        ///< a config file that cannot be used (exit 2)
    io,            ///< a file that cannot be read or written (exit 1)
    transient,     ///< a failure worth retrying: 429, 5xx, reset, timeout (exit 1 when retries run out)
    permanent,     ///< a failure retrying cannot fix: 400, 404, 422, context length (exit 1)
    auth,          ///< the provider refused the credentials: 401, 403 (exit 3)
    quota,         ///< the provider refused for billing or quota: 402 (exit 3)
    cancelled,     ///< stopped by the user or a shutdown (exit 130)
    internal,      ///< a bug in parley (exit 1)
};

/// What went wrong in a failure worth retrying; set where the failure is made, read where retries are counted.
enum class RetryReason {
    unknown,      ///< not said where the error was made (its HTTP status may still tell)
    rate_limited, ///< the server refused for rate (429)
    server_error, ///< the server failed (5xx, or an error object mid-response)
    timeout,      ///< no answer in time: connect, first byte, idle or total limit, or a 408
    connection,   ///< the connection broke (reset, closed early)
    unreachable,  ///< the endpoint could not be reached at all: connection refused, host unknown, connect timeout
    truncated,    ///< the answer stopped short or came garbled
};

/// One failure: its kind, a one-line message saying what and where, and provider details when any.
struct Error {
    ErrorKind kind = ErrorKind::internal;
    std::string message;
    int http_status = 0;                                  ///< 0 when no HTTP response was involved
    std::optional<std::chrono::milliseconds> retry_after; ///< a delay the server asked for, if any
    RetryReason retry_reason = RetryReason::unknown;      ///< transient failures: what went wrong
    std::string provider_message{}; ///< the provider's own words (its error body), when it sent any
    std::string provider{};         ///< the label of the provider that made the error, which the message names
};

template <class T> using Result = tl::expected<T, Error>;

/// Builds the unexpected side of a Result in one expression.
inline tl::unexpected<Error> fail(ErrorKind kind, std::string message) {
    return tl::make_unexpected(Error{kind, std::move(message), 0, std::nullopt});
}

/// The short name of a kind, as written in logs and JSON ("transient", "auth", ...).
const char* to_string(ErrorKind kind);

/// The kind whose to_string() is `name`, if any; how kinds stored as text are read back.
std::optional<ErrorKind> parse_error_kind(std::string_view name);

/// True for the kinds a retry may cure.
inline bool is_transient(ErrorKind kind) {
    return kind == ErrorKind::transient;
}

/// The documented process exit codes.
namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int run_failed = 1;
inline constexpr int bad_input = 2;
inline constexpr int provider_refused = 3;
/// `parley report --baseline` and `parley sweep diff` with --fail-on-regression: NEW regressed against OLD.
inline constexpr int regression = 4;
inline constexpr int interrupted = 130;
} // namespace exit_code

/// The exit code a run that ended with this error should return.
int exit_code_for(ErrorKind kind);

} // namespace parley
