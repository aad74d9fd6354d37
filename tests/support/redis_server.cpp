#include "support/redis_server.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace parley::testing {

namespace {

// A port nothing listens on now: the kernel's pick for a socket bound to port 0.
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        throw std::runtime_error("redis test server: cannot open a socket to find a free port");
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        throw std::runtime_error("redis test server: cannot find a free port");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

bool answers_ping(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    bool ok = false;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        // Any answer to an inline PING (+PONG, or -NOAUTH with a password) means the server is serving; a server
        // still loading its data answers -LOADING, which is not ready yet.
        const char ping[] = "PING\r\n";
        timeval timeout{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        if (::write(fd, ping, sizeof ping - 1) == static_cast<ssize_t>(sizeof ping - 1)) {
            char buffer[64] = {};
            const ssize_t got = ::read(fd, buffer, sizeof buffer - 1);
            ok = got > 0 && std::string(buffer).rfind("-LOADING", 0) != 0;
        }
    }
    ::close(fd);
    return ok;
}

bool on_path(const char* program) {
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const auto end = dirs.find(':', start);
        const auto dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!dir.empty() && ::access((std::filesystem::path(dir) / program).c_str(), X_OK) == 0) {
            return true;
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return false;
}

} // namespace

RedisServer::RedisServer(RedisServerOptions options) : options_(std::move(options)) {
    if (!on_path("redis-server")) {
        throw std::runtime_error("redis-server is not installed (PATH has none): the [redis] tests need a real one; "
                                 "run scripts/install-deps.sh");
    }
    // Another process may take the port between the probe and the start: try a few.
    for (int attempt = 0;; ++attempt) {
        port_ = free_port();
        try {
            start();
            return;
        } catch (const std::runtime_error&) {
            if (attempt == 4) {
                throw;
            }
        }
    }
}

RedisServer::~RedisServer() = default;

std::string RedisServer::url(int db) const {
    const std::string auth = options_.password.empty() ? "" : ":" + options_.password + "@";
    return "redis://" + auth + "127.0.0.1:" + std::to_string(port_) + "/" + std::to_string(db);
}

void RedisServer::start() {
    if (process_) {
        return;
    }
    std::vector<std::string> args{"redis-server",
                                  "--port",
                                  std::to_string(port_),
                                  "--bind",
                                  "127.0.0.1",
                                  "--dir",
                                  dir().string(),
                                  "--save",
                                  "",
                                  "--daemonize",
                                  "no",
                                  "--logfile",
                                  (dir() / "redis.log").string(),
                                  "--protected-mode",
                                  "no"};
    if (options_.persistence) {
        args.insert(args.end(), {"--appendonly", "yes", "--appendfsync", "always"});
    } else {
        args.insert(args.end(), {"--appendonly", "no"});
    }
    if (!options_.password.empty()) {
        args.insert(args.end(), {"--requirepass", options_.password});
    }
    process_.emplace(std::move(args), ChildOptions{});
    wait_until_ready();
}

void RedisServer::wait_until_ready() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (process_->exited()) {
            process_.reset();
            throw std::runtime_error("redis-server on port " + std::to_string(port_) + " exited at start; see " +
                                     (dir() / "redis.log").string());
        }
        if (answers_ping(port_)) {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("redis-server on port " + std::to_string(port_) + " did not answer within 10 s");
}

void RedisServer::stop() {
    if (!process_) {
        return;
    }
    process_->signal(SIGTERM);
    process_->wait();
    process_.reset();
}

void RedisServer::kill() {
    // The child's destructor kills it at once (SIGKILL) and reaps it.
    process_.reset();
}

} // namespace parley::testing
