#include "redis/connection.hpp"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <sys/time.h>

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

namespace parley::sweep {

namespace {

timeval to_timeval(std::chrono::milliseconds duration) {
    const auto ms = std::max<std::chrono::milliseconds::rep>(duration.count(), 1);
    timeval tv{};
    tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms / 1000);
    tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms % 1000) * 1000);
    return tv;
}

RedisReply convert(const redisReply& reply) {
    RedisReply out;
    switch (reply.type) {
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::integer;
        out.integer = reply.integer;
        break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
        out.type = reply.type == REDIS_REPLY_STRING ? RedisReply::Type::string : RedisReply::Type::status;
        out.text.assign(reply.str, reply.len);
        break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::array;
        out.elements.reserve(reply.elements);
        for (std::size_t i = 0; i < reply.elements; ++i) {
            out.elements.push_back(convert(*reply.element[i]));
        }
        break;
    default:
        break;
    }
    return out;
}

std::string seconds_text(std::chrono::milliseconds duration) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f s", static_cast<double>(duration.count()) / 1000.0);
    return buffer;
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// An error reply during the handshake: what it means for the user, in one line.
Error handshake_error(const RedisUrl& url, std::string_view step, const std::string& message) {
    const std::string where = url.display();
    if (starts_with(message, "WRONGPASS") || starts_with(message, "ERR invalid password") ||
        starts_with(message, "ERR invalid username-password")) {
        return fail(ErrorKind::config, where + " refused the password (" + message + "); check the URL's password")
            .value();
    }
    if (starts_with(message, "ERR AUTH") || message.find("without any password configured") != std::string::npos) {
        return fail(ErrorKind::config, where + " has no password set but the URL gives one (" + message +
                                           "); drop the password from the URL")
            .value();
    }
    if (starts_with(message, "NOAUTH")) {
        return fail(ErrorKind::config,
                    where + " needs a password; give it in the URL as redis://:PASSWORD@host:port/db")
            .value();
    }
    if (starts_with(message, "LOADING") || starts_with(message, "BUSY") || starts_with(message, "MASTERDOWN")) {
        Error error = fail(ErrorKind::transient, where + " is not ready (" + message + ")").value();
        error.retry_reason = RetryReason::connection;
        return error;
    }
    return fail(ErrorKind::config, where + ": " + std::string(step) + " failed: " + message).value();
}

Error connection_error(const RedisUrl& url, const redisContext& context, std::string_view doing) {
    const std::string where = url.display();
    if (context.err == REDIS_ERR_PROTOCOL) {
        return fail(ErrorKind::config, where + " did not answer as a Redis server (" + std::string(context.errstr) +
                                           "); check the host and port")
            .value();
    }
    const std::string reason = context.errstr[0] != '\0' ? context.errstr : "connection failed";
    if (context.err == REDIS_ERR_OTHER && starts_with(reason, "Can't resolve")) {
        return fail(ErrorKind::invalid_input, where + ": " + reason + "; check the host name").value();
    }
    Error error = fail(ErrorKind::transient, where + ": " + std::string(doing) + ": " + reason).value();
    error.retry_reason = RetryReason::connection;
    return error;
}

} // namespace

void RedisConnection::ContextDeleter::operator()(redisContext* context) const {
    redisFree(context);
}

RedisConnection::RedisConnection(RedisUrl url, RedisOptions options)
    : url_(std::move(url)), options_(std::move(options)) {}

RedisConnection::~RedisConnection() = default;

Result<std::unique_ptr<RedisConnection>> RedisConnection::connect(const RedisUrl& url, RedisOptions options) {
    std::unique_ptr<RedisConnection> connection(new RedisConnection(url, std::move(options)));
    std::lock_guard lock(connection->mutex_);
    auto ready = connection->with_retries({});
    if (!ready) {
        return tl::make_unexpected(ready.error());
    }
    return connection;
}

Result<RedisConnection::ContextPtr> RedisConnection::open_once() const {
    ContextPtr context(redisConnectWithTimeout(url_.host.c_str(), url_.port, to_timeval(options_.connect_timeout)));
    if (!context) {
        return fail(ErrorKind::internal, url_.display() + ": cannot allocate a hiredis context");
    }
    if (context->err != 0) {
        return tl::make_unexpected(connection_error(url_, *context, "cannot connect"));
    }
    if (redisSetTimeout(context.get(), to_timeval(options_.command_timeout)) != REDIS_OK) {
        return tl::make_unexpected(connection_error(url_, *context, "cannot set the command timeout"));
    }
    auto step = [&](std::string_view name, std::vector<std::string> args) -> Result<void> {
        std::vector<const char*> argv;
        std::vector<std::size_t> lengths;
        for (const auto& arg : args) {
            argv.push_back(arg.data());
            lengths.push_back(arg.size());
        }
        auto* raw = static_cast<redisReply*>(
            redisCommandArgv(context.get(), static_cast<int>(argv.size()), argv.data(), lengths.data()));
        if (raw == nullptr) {
            return tl::make_unexpected(connection_error(url_, *context, std::string(name) + " got no answer"));
        }
        std::unique_ptr<redisReply, void (*)(void*)> reply(raw, freeReplyObject);
        if (reply->type == REDIS_REPLY_ERROR) {
            return tl::make_unexpected(handshake_error(url_, name, std::string(reply->str, reply->len)));
        }
        return {};
    };
    if (!url_.password.empty()) {
        std::vector<std::string> auth{"AUTH"};
        if (!url_.username.empty()) {
            auth.push_back(url_.username);
        }
        auth.push_back(url_.password);
        if (auto done = step("AUTH", std::move(auth)); !done) {
            return tl::make_unexpected(done.error());
        }
    }
    if (url_.db != 0) {
        if (auto done = step("SELECT", {"SELECT", std::to_string(url_.db)}); !done) {
            return tl::make_unexpected(done.error());
        }
    }
    if (auto done = step("PING", {"PING"}); !done) {
        return tl::make_unexpected(done.error());
    }
    return context;
}

Result<RedisReply> RedisConnection::send_once(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (const auto& arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    auto* raw = static_cast<redisReply*>(
        redisCommandArgv(context_.get(), static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (raw == nullptr) {
        Error error = connection_error(url_, *context_, args.front() + " got no answer");
        context_.reset();
        return tl::make_unexpected(error);
    }
    std::unique_ptr<redisReply, void (*)(void*)> reply(raw, freeReplyObject);
    if (reply->type == REDIS_REPLY_ERROR) {
        const std::string message(reply->str, reply->len);
        if (starts_with(message, "LOADING") || starts_with(message, "MASTERDOWN") || starts_with(message, "TRYAGAIN")) {
            Error error = fail(ErrorKind::transient, url_.display() + " is not ready (" + message + ")").value();
            error.retry_reason = RetryReason::connection;
            return tl::make_unexpected(error);
        }
        if (starts_with(message, "NOAUTH") || starts_with(message, "WRONGPASS")) {
            return tl::make_unexpected(handshake_error(url_, args.front(), message));
        }
        if (starts_with(message, "WRONGTYPE")) {
            // Not parley's data under parley's key: retrying or reading on would only fail again.
            return fail(ErrorKind::config, url_.display() + ": a key parley uses holds another kind of value than " +
                                               "parley keeps there (WRONGTYPE): something else writes to this " +
                                               "database; give parley its own (/DB in the URL)");
        }
        return fail(ErrorKind::io, url_.display() + ": " + args.front() + " failed: " + message);
    }
    return convert(*reply);
}

Result<RedisReply> RedisConnection::with_retries(const std::vector<std::string>& args) {
    using Clock = std::chrono::steady_clock;
    const auto first_failure_unset = Clock::time_point::min();
    auto first_failure = first_failure_unset;
    auto delay = options_.backoff_initial;
    for (;;) {
        Result<RedisReply> outcome = RedisReply{};
        if (!context_) {
            auto opened = open_once();
            if (opened) {
                context_ = std::move(*opened);
            } else {
                outcome = tl::make_unexpected(opened.error());
            }
        }
        if (context_ && !args.empty()) {
            outcome = send_once(args);
        }
        if (outcome || !is_transient(outcome.error().kind)) {
            return outcome;
        }
        const auto now = Clock::now();
        if (first_failure == first_failure_unset) {
            first_failure = now;
        }
        const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - first_failure);
        if (waited >= options_.give_up_after) {
            Error error = outcome.error();
            error.message += "; gave up after " + seconds_text(waited) + " of retries (is redis-server running?)";
            return tl::make_unexpected(error);
        }
        const auto wait = std::min({delay, options_.backoff_max, options_.give_up_after - waited});
        const std::string line = outcome.error().message + "; waiting for Redis, retrying in " + seconds_text(wait) +
                                 " (gives up after " + seconds_text(options_.give_up_after) + ")";
        if (options_.on_wait) {
            options_.on_wait(line);
        } else {
            spdlog::warn("{}", line);
        }
        std::mutex sleep_mutex;
        std::condition_variable_any sleeper;
        std::unique_lock sleep_lock(sleep_mutex);
        if (sleeper.wait_for(sleep_lock, options_.stop, wait, [] { return false; }) || options_.stop.stop_requested()) {
            return fail(ErrorKind::cancelled, url_.display() + ": stopped while waiting for Redis");
        }
        delay = std::min(delay * 2, options_.backoff_max);
    }
}

Result<RedisReply> RedisConnection::command(const std::vector<std::string>& args) {
    if (args.empty()) {
        return fail(ErrorKind::internal, "an empty Redis command");
    }
    std::lock_guard lock(mutex_);
    return with_retries(args);
}

Result<RedisReply> RedisConnection::eval(const RedisScript& script, const std::vector<std::string>& keys,
                                         const std::vector<std::string>& args) {
    std::vector<std::string> command_args;
    command_args.reserve(3 + keys.size() + args.size());
    command_args.emplace_back("EVAL");
    command_args.emplace_back(script.body);
    command_args.push_back(std::to_string(keys.size()));
    command_args.insert(command_args.end(), keys.begin(), keys.end());
    command_args.insert(command_args.end(), args.begin(), args.end());
    auto reply = command(command_args);
    if (!reply && reply.error().kind == ErrorKind::io) {
        reply.error().message = url_.display() + ": script " + std::string(script.name) +
                                " failed: " + reply.error().message.substr(reply.error().message.find("failed: ") + 8);
    }
    return reply;
}

std::vector<std::pair<std::string, std::string>> field_pairs(const RedisReply& reply) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
        pairs.emplace_back(reply.elements[i].text, reply.elements[i + 1].text);
    }
    return pairs;
}

} // namespace parley::sweep
