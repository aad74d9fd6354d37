#pragma once
// Where a Redis server is: the redis:// URL a user gives to `--redis`, parsed once and checked before any connect.

#include <string>
#include <string_view>

#include "util/error.hpp"

namespace parley::sweep {

/// A parsed redis://[[user]:password@]host[:port][/db] URL.
struct RedisUrl {
    std::string host = "127.0.0.1";
    int port = 6379;
    std::string username; ///< ACL user (Redis 6+); empty for the default user
    std::string password; ///< empty when none; never logged, never shown (display() leaves it out)
    int db = 0;

    /// The URL as it may be shown in messages and logs: redis://host:port/db, the credentials left out.
    [[nodiscard]] std::string display() const;
};

/// Parses `text` as redis://[[user]:password@]host[:port][/db] (host may be [v6]); a bad URL gives one line saying
/// what is wrong (ErrorKind::invalid_input, exit 2) that never repeats the password.
[[nodiscard]] Result<RedisUrl> parse_redis_url(std::string_view text);

} // namespace parley::sweep
