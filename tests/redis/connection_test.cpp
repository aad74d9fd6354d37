#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include "redis/connection.hpp"
#include "support/redis_server.hpp"

using namespace parley;
using namespace parley::sweep;
using namespace std::chrono_literals;

namespace {

RedisUrl url_of(const std::string& text) {
    auto url = parse_redis_url(text);
    REQUIRE(url);
    return *url;
}

RedisOptions quick_options() {
    RedisOptions options;
    options.connect_timeout = 500ms;
    options.command_timeout = 2000ms;
    options.backoff_initial = 20ms;
    options.backoff_max = 100ms;
    options.give_up_after = 300ms;
    options.on_wait = [](const std::string&) {
    };
    return options;
}

// A TCP peer on 127.0.0.1 that answers whatever comes with an HTTP error, as a web server on the wrong port would.
class HttpPeer {
public:
    HttpPeer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(fd_, 4) == 0);
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] {
            const int client = ::accept(fd_, nullptr, nullptr);
            if (client < 0) {
                return;
            }
            char buffer[256];
            if (::read(client, buffer, sizeof buffer) > 0) {
                const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
                (void)!::write(client, reply, sizeof reply - 1);
            }
            ::close(client);
        });
    }
    ~HttpPeer() {
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thread_.join();
    }
    int port() const { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
    std::thread thread_;
};

} // namespace

TEST_CASE("redis connection sends commands and reads every reply type", "[redis][sweep]") {
    testing::RedisServer server;
    auto connection = RedisConnection::connect(url_of(server.url()), quick_options());
    REQUIRE(connection);
    auto& redis = **connection;
    CHECK(redis.command({"SET", "k", std::string("a\0b", 3)})->text == "OK");
    CHECK(redis.command({"GET", "k"})->text == std::string("a\0b", 3));
    CHECK(redis.command({"GET", "missing"})->is_nil());
    CHECK(redis.command({"INCR", "n"})->integer == 1);
    CHECK(redis.command({"RPUSH", "l", "x", "y"})->integer == 2);
    auto list = redis.command({"LRANGE", "l", "0", "-1"});
    REQUIRE(list);
    REQUIRE(list->elements.size() == 2);
    CHECK(list->elements[1].text == "y");
    auto wrong = redis.command({"INCR", "k"});
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().kind == ErrorKind::io);
}

TEST_CASE("redis connection selects the URL's database", "[redis][sweep]") {
    testing::RedisServer server;
    auto db3 = RedisConnection::connect(url_of(server.url(3)), quick_options());
    auto db0 = RedisConnection::connect(url_of(server.url(0)), quick_options());
    REQUIRE(db3);
    REQUIRE(db0);
    REQUIRE((*db3)->command({"SET", "only-in-3", "1"}));
    CHECK((*db0)->command({"GET", "only-in-3"})->is_nil());
    auto far = RedisConnection::connect(url_of(server.url(999)), quick_options());
    REQUIRE_FALSE(far);
    CHECK(far.error().kind == ErrorKind::config);
    CHECK(far.error().message.find("SELECT") != std::string::npos);
}

TEST_CASE("a wrong redis password is one line, exit 2, without the password", "[redis][sweep]") {
    testing::RedisServer server(testing::RedisServerOptions{false, "right-pass"});
    auto wrong = RedisConnection::connect(url_of("redis://:not-the-pass@127.0.0.1:" + std::to_string(server.port())),
                                          quick_options());
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().kind == ErrorKind::config);
    CHECK(exit_code_for(wrong.error().kind) == 2);
    CHECK(wrong.error().message.find("refused the password") != std::string::npos);
    CHECK(wrong.error().message.find("not-the-pass") == std::string::npos);

    auto none = RedisConnection::connect(url_of("redis://127.0.0.1:" + std::to_string(server.port())), quick_options());
    REQUIRE_FALSE(none);
    CHECK(none.error().kind == ErrorKind::config);
    CHECK(none.error().message.find("needs a password") != std::string::npos);

    auto right = RedisConnection::connect(url_of(server.url()), quick_options());
    REQUIRE(right);
    CHECK((*right)->command({"PING"})->text == "PONG");
}

TEST_CASE("an unreachable redis is retried with a said reason, then fails with exit 1", "[redis][sweep]") {
    int port = 0;
    {
        testing::RedisServer gone;
        port = gone.port();
    }
    std::vector<std::string> waits;
    RedisOptions options = quick_options();
    options.on_wait = [&](const std::string& line) {
        waits.push_back(line);
    };
    auto connection = RedisConnection::connect(url_of("redis://127.0.0.1:" + std::to_string(port)), options);
    REQUIRE_FALSE(connection);
    CHECK(connection.error().kind == ErrorKind::transient);
    CHECK(exit_code_for(connection.error().kind) == 1);
    CHECK(connection.error().message.find("gave up after") != std::string::npos);
    REQUIRE_FALSE(waits.empty());
    CHECK(waits.front().find("waiting for Redis, retrying in") != std::string::npos);
}

TEST_CASE("a peer that does not speak Redis is refused at once with exit 2", "[redis][sweep]") {
    HttpPeer peer;
    auto connection =
        RedisConnection::connect(url_of("redis://127.0.0.1:" + std::to_string(peer.port())), quick_options());
    REQUIRE_FALSE(connection);
    CHECK(connection.error().kind == ErrorKind::config);
    CHECK(connection.error().message.find("did not answer as a Redis server") != std::string::npos);
}

TEST_CASE("a redis connection waits through a restart and carries on", "[redis][sweep]") {
    testing::RedisServer server(testing::RedisServerOptions{true, ""});
    std::atomic<int> waits{0};
    RedisOptions options = quick_options();
    options.give_up_after = 10s;
    options.on_wait = [&](const std::string&) {
        ++waits;
    };
    auto connection = RedisConnection::connect(url_of(server.url()), options);
    REQUIRE(connection);
    REQUIRE((*connection)->command({"SET", "kept", "yes"}));
    server.stop();
    std::thread restarter([&] {
        std::this_thread::sleep_for(200ms);
        server.start();
    });
    auto after = (*connection)->command({"GET", "kept"});
    restarter.join();
    REQUIRE(after);
    CHECK(after->text == "yes");
    CHECK(waits.load() >= 1);
}

TEST_CASE("a stop request ends a wait for redis as cancelled", "[redis][sweep]") {
    int port = 0;
    {
        testing::RedisServer gone;
        port = gone.port();
    }
    std::stop_source stop;
    RedisOptions options = quick_options();
    options.give_up_after = 60s;
    options.stop = stop.get_token();
    options.on_wait = [&](const std::string&) {
        stop.request_stop();
    };
    auto connection = RedisConnection::connect(url_of("redis://127.0.0.1:" + std::to_string(port)), options);
    REQUIRE_FALSE(connection);
    CHECK(connection.error().kind == ErrorKind::cancelled);
}
