#pragma once
// A test's connection to its RedisServer: quiet, quick to retry, one function for every test.

#include <chrono>
#include <memory>

#include "redis/connection.hpp"
#include "support/redis_server.hpp"

namespace parley::testing {

/// A connection to `server`'s database 0 that waits silently (first retry after 10 ms) through a restart, giving up
/// after `give_up`. Throws std::runtime_error (a clear test failure) when it cannot connect.
std::shared_ptr<sweep::RedisConnection> connect_to(const RedisServer& server,
                                                   std::chrono::milliseconds give_up = std::chrono::seconds(10));

} // namespace parley::testing
