#pragma once
// Loopback endpoints that are not servers, for tests of a provider that is not there: a port nothing listens on,
// and a listener that accepts each connection and resets it at once.

#include <atomic>
#include <thread>

namespace parley::testing {

/// A 127.0.0.1 port with nothing listening: bound, then closed, so the kernel refuses connections to it.
int unused_loopback_port();

/// Accepts connections on 127.0.0.1 and resets each at once (SO_LINGER 0), until destroyed.
class ResettingListener {
public:
    /// Listens on a free port; throws std::runtime_error when it cannot.
    ResettingListener();
    ~ResettingListener();
    ResettingListener(const ResettingListener&) = delete;
    ResettingListener& operator=(const ResettingListener&) = delete;

    /// The port it listens on.
    int port() const { return port_; }
    /// Connections accepted (and reset) so far.
    int accepted() const { return accepted_.load(); }

private:
    int fd_ = -1;
    int port_ = 0;
    std::atomic<int> accepted_{0};
    std::jthread thread_;
};

} // namespace parley::testing
