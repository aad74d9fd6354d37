#include "run/interrupt.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <unistd.h>

#include "util/terminal.hpp"

namespace parley::run {

namespace {

std::atomic<int> g_signals{0};
std::atomic<bool> g_stderr_is_terminal{false};

extern "C" void on_signal(int) {
    if (g_signals.fetch_add(1) >= 1) {
        // The live display may have hidden the cursor; a constant string is safe to write from a handler.
        if (g_stderr_is_terminal.load()) {
            [[maybe_unused]] auto shown = ::write(STDERR_FILENO, util::kShowCursor.data(), util::kShowCursor.size());
        }
        static const char kMessage[] = "\nparley: interrupted again; exiting now\n";
        [[maybe_unused]] auto n = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
        ::_exit(130);
    }
}

} // namespace

InterruptGuard::InterruptGuard() {
    g_signals = 0;
    g_stderr_is_terminal = util::is_terminal(STDERR_FILENO);
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    // A signal handler may only touch lock-free atomics, so a thread turns the flag into a stop request.
    watcher_ = std::jthread([this](std::stop_token own) {
        while (!own.stop_requested()) {
            if (g_signals.load() > 0) {
                source_.request_stop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
}

InterruptGuard::~InterruptGuard() {
    watcher_.request_stop();
    watcher_.join();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

} // namespace parley::run
