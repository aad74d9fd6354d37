#include "support/dead_ends.hpp"

#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace parley::testing {

namespace {

// A TCP socket bound to 127.0.0.1 on a free port; its port through `port`.
int bound_socket(int& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw std::runtime_error("dead ends: cannot create a socket");
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        throw std::runtime_error("dead ends: cannot bind 127.0.0.1");
    }
    port = ntohs(address.sin_port);
    return fd;
}

} // namespace

int unused_loopback_port() {
    int port = 0;
    ::close(bound_socket(port));
    return port;
}

ResettingListener::ResettingListener() {
    fd_ = bound_socket(port_);
    if (::listen(fd_, 16) != 0) {
        ::close(fd_);
        throw std::runtime_error("dead ends: cannot listen");
    }
    thread_ = std::jthread([this](std::stop_token stop) {
        while (!stop.stop_requested()) {
            pollfd waiting{fd_, POLLIN, 0};
            if (::poll(&waiting, 1, 20) <= 0) {
                continue;
            }
            const int client = ::accept(fd_, nullptr, nullptr);
            if (client < 0) {
                continue;
            }
            // A zero linger makes close() send a reset instead of an orderly end.
            const linger reset{1, 0};
            ::setsockopt(client, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
            ::close(client);
            accepted_.fetch_add(1);
        }
    });
}

ResettingListener::~ResettingListener() {
    thread_.request_stop();
    thread_.join();
    ::close(fd_);
}

} // namespace parley::testing
