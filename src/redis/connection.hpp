#pragma once
// One connection to a Redis server over hiredis: timeouts on connect and on every command, AUTH and SELECT, and
// reconnects with backoff that say what they wait for. Everything above it (jobs, calls, rate limits) is written so
// a command may be sent twice after a lost connection without harm.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "redis/url.hpp"
#include "util/error.hpp"

struct redisContext;

namespace parley::sweep {

/// A Redis reply, owned (RESP2: hiredis 0.14 knows no other).
struct RedisReply {
    /// What the reply holds.
    enum class Type { nil, integer, string, status, array };
    Type type = Type::nil;
    long long integer = 0;
    std::string text;                 ///< string and status replies
    std::vector<RedisReply> elements; ///< array replies

    /// True for a nil reply (a missing key or field).
    [[nodiscard]] bool is_nil() const { return type == Type::nil; }
};

/// How a connection waits and retries.
struct RedisOptions {
    std::chrono::milliseconds connect_timeout{2000};
    /// Longest wait for one reply; a blocking read (XREADGROUP BLOCK) must ask for less than this.
    std::chrono::milliseconds command_timeout{5000};
    std::chrono::milliseconds backoff_initial{100}; ///< first wait after a lost connection; doubles each time
    std::chrono::milliseconds backoff_max{5000};    ///< the longest single wait
    /// How long a command keeps retrying an unreachable server before failing (0: fails at the first loss).
    std::chrono::milliseconds give_up_after{60000};
    /// Told, in one line, what the connection waits for before each retry; logged as a warning when empty.
    std::function<void(const std::string&)> on_wait;
    std::stop_token stop; ///< ends a wait early with ErrorKind::cancelled
};

/// A Lua script run with EVAL; Redis caches it by its hash, so sending it again costs little.
struct RedisScript {
    std::string_view name; ///< what errors call it
    std::string_view body;
};

/// One connection, used by one thread at a time (a mutex serializes commands).
///
/// Failures: a bad password, a missing one, a database out of range, or a peer that does not speak Redis give
/// ErrorKind::config (exit 2) at once; an unreachable or restarting server is retried with backoff for
/// give_up_after, then gives ErrorKind::transient (exit 1); an error reply from the server is ErrorKind::io.
class RedisConnection {
public:
    /// Connects to `url` (AUTH, SELECT, PING), retrying an unreachable server as options say.
    [[nodiscard]] static Result<std::unique_ptr<RedisConnection>> connect(const RedisUrl& url, RedisOptions options);

    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    /// Sends one command (each argument binary-safe) and returns its reply; reconnects and sends it again after a
    /// lost connection, so every command sent through here must be safe to repeat.
    [[nodiscard]] Result<RedisReply> command(const std::vector<std::string>& args);

    /// Runs `script` with `keys` and `args` (EVAL); an error the script raises is ErrorKind::io naming the script.
    [[nodiscard]] Result<RedisReply> eval(const RedisScript& script, const std::vector<std::string>& keys,
                                          const std::vector<std::string>& args);

    /// The server this connection talks to.
    const RedisUrl& url() const { return url_; }
    /// The options it was made with.
    const RedisOptions& options() const { return options_; }

private:
    RedisConnection(RedisUrl url, RedisOptions options);

    struct ContextDeleter {
        void operator()(redisContext* context) const;
    };
    using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;

    /// One attempt at a connection and its handshake; transient errors are worth another attempt.
    Result<ContextPtr> open_once() const;
    /// Sends one command on an open context; transient errors mean the connection is gone.
    Result<RedisReply> send_once(const std::vector<std::string>& args);
    /// Runs `attempt` until it succeeds, fails for good, or give_up_after passes, waiting with backoff.
    Result<RedisReply> with_retries(const std::vector<std::string>& args);

    RedisUrl url_;
    RedisOptions options_;
    std::mutex mutex_;
    ContextPtr context_;
};

/// The reply's elements as field/value pairs (HGETALL, XRANGE entries); odd leftovers are dropped.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> field_pairs(const RedisReply& reply);

} // namespace parley::sweep
