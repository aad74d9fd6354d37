#include <catch2/catch.hpp>

#include "redis/url.hpp"

using parley::ErrorKind;
using parley::sweep::parse_redis_url;

TEST_CASE("redis URL gives host, port, password and database", "[redis][sweep]") {
    auto url = parse_redis_url("redis://:s3cret@db.example:6380/2");
    REQUIRE(url);
    CHECK(url->host == "db.example");
    CHECK(url->port == 6380);
    CHECK(url->password == "s3cret");
    CHECK(url->username.empty());
    CHECK(url->db == 2);
    CHECK(url->display() == "redis://db.example:6380/2");
}

TEST_CASE("redis URL defaults to port 6379 and database 0", "[redis][sweep]") {
    auto url = parse_redis_url("redis://localhost");
    REQUIRE(url);
    CHECK(url->port == 6379);
    CHECK(url->db == 0);
    CHECK(url->password.empty());
    auto slash = parse_redis_url("redis://localhost/");
    REQUIRE(slash);
    CHECK(slash->db == 0);
}

TEST_CASE("redis URL reads an ACL user, a bare password and an IPv6 host", "[redis][sweep]") {
    auto user = parse_redis_url("redis://worker:pw@10.0.0.5:7000/1");
    REQUIRE(user);
    CHECK(user->username == "worker");
    CHECK(user->password == "pw");
    auto bare = parse_redis_url("redis://pw@h");
    REQUIRE(bare);
    CHECK(bare->password == "pw");
    auto v6 = parse_redis_url("redis://[::1]:6390/3");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK(v6->port == 6390);
    CHECK(v6->display() == "redis://[::1]:6390/3");
}

TEST_CASE("a bad redis URL is one line that never shows the password", "[redis][sweep]") {
    for (const char* text : {"http://h:1", "redis://:topsecret@h:99999", "redis://:topsecret@h:12x", "redis://h/abc",
                             "redis://:topsecret@:6379", "redis://[::1", "rediss://h", "redis://h:"}) {
        auto url = parse_redis_url(text);
        INFO(text);
        REQUIRE_FALSE(url);
        CHECK(url.error().kind == ErrorKind::invalid_input);
        CHECK(url.error().message.find("topsecret") == std::string::npos);
        CHECK(url.error().message.find('\n') == std::string::npos);
        CHECK(url.error().message.find("redis URL") == 0);
    }
    CHECK(parse_redis_url("redis://h:0").error().message.find("port '0' is not a number from 1 to 65535") !=
          std::string::npos);
}
