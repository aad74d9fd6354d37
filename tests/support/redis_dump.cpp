#include "support/redis_dump.hpp"

#include <stdexcept>

#include "redis/connection.hpp"
#include "redis/url.hpp"

namespace parley::testing {

namespace {

using sweep::RedisConnection;
using sweep::RedisReply;

RedisReply must(Result<RedisReply> reply) {
    if (!reply) {
        throw std::runtime_error("redis: " + reply.error().message);
    }
    return std::move(*reply);
}

// Every string in a reply, at any depth.
void flatten(const RedisReply& reply, std::string& out) {
    if (reply.type == RedisReply::Type::array) {
        for (const auto& e : reply.elements) {
            flatten(e, out);
        }
        return;
    }
    out += reply.text + "\n";
}

std::string value_of(RedisConnection& redis, const std::string& key) {
    const auto type = must(redis.command({"TYPE", key})).text;
    std::string out;
    if (type == "string") {
        flatten(must(redis.command({"GET", key})), out);
    } else if (type == "hash") {
        flatten(must(redis.command({"HGETALL", key})), out);
    } else if (type == "list") {
        flatten(must(redis.command({"LRANGE", key, "0", "-1"})), out);
    } else if (type == "set") {
        flatten(must(redis.command({"SMEMBERS", key})), out);
    } else if (type == "zset") {
        flatten(must(redis.command({"ZRANGE", key, "0", "-1"})), out);
    } else if (type == "stream") {
        flatten(must(redis.command({"XRANGE", key, "-", "+"})), out);
    } else {
        throw std::runtime_error("redis: key " + key + " of unexpected type " + type);
    }
    return out;
}

} // namespace

std::string redis_contents(const std::string& url) {
    auto parsed = sweep::parse_redis_url(url);
    if (!parsed) {
        throw std::runtime_error("redis: " + parsed.error().message);
    }
    auto connection = RedisConnection::connect(*parsed, {});
    if (!connection) {
        throw std::runtime_error("redis: " + connection.error().message);
    }
    auto& redis = **connection;
    std::string out;
    std::string cursor = "0";
    do {
        const auto page = must(redis.command({"SCAN", cursor, "COUNT", "1000"}));
        if (page.elements.size() != 2) {
            throw std::runtime_error("redis: malformed SCAN reply");
        }
        cursor = page.elements[0].text;
        for (const auto& key : page.elements[1].elements) {
            out += key.text + "\n" + value_of(redis, key.text);
        }
    } while (cursor != "0");
    return out;
}

} // namespace parley::testing
