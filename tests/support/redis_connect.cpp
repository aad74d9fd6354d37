#include "support/redis_connect.hpp"

#include <stdexcept>

#include "redis/url.hpp"

namespace parley::testing {

std::shared_ptr<sweep::RedisConnection> connect_to(const RedisServer& server, std::chrono::milliseconds give_up) {
    auto url = sweep::parse_redis_url(server.url());
    if (!url) {
        throw std::runtime_error("redis test server: " + url.error().message);
    }
    sweep::RedisOptions options;
    options.backoff_initial = std::chrono::milliseconds(10);
    options.give_up_after = give_up;
    options.on_wait = [](const std::string&) {
    };
    auto connection = sweep::RedisConnection::connect(*url, options);
    if (!connection) {
        throw std::runtime_error("redis test server: " + connection.error().message);
    }
    return std::shared_ptr<sweep::RedisConnection>(std::move(*connection));
}

} // namespace parley::testing
