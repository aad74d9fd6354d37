#pragma once
// Ctrl-C handling: the first interrupt asks the run to stop cleanly, the second ends the process at once.

#include <stop_token>
#include <thread>

namespace parley::run {

/// While alive, turns SIGINT/SIGTERM into a stop request on `token()`; a second signal exits with 130.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    /// Requested when the user interrupts.
    std::stop_token token() const { return source_.get_token(); }

    /// True once an interrupt arrived.
    bool interrupted() const { return source_.stop_requested(); }

private:
    std::stop_source source_;
    std::jthread watcher_;
};

} // namespace parley::run
