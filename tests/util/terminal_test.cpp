#include <catch2/catch.hpp>

#include <cstdlib>
#include <fcntl.h>
#include <optional>
#include <string>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/terminal.hpp"

using namespace parley::util;

namespace {

// A pseudo-terminal pair, so the terminal checks can be run without a person at one.
struct PseudoTerminal {
    int primary = -1;
    int secondary = -1;

    PseudoTerminal() {
        primary = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (primary >= 0 && ::grantpt(primary) == 0 && ::unlockpt(primary) == 0) {
            secondary = ::open(::ptsname(primary), O_RDWR | O_NOCTTY);
        }
    }
    ~PseudoTerminal() {
        if (secondary >= 0) {
            ::close(secondary);
        }
        if (primary >= 0) {
            ::close(primary);
        }
    }
};

// Sets TERM for one test and puts the old value back.
struct TermVariable {
    std::optional<std::string> saved;
    explicit TermVariable(const char* value) {
        if (const char* old = std::getenv("TERM")) {
            saved = old;
        }
        ::setenv("TERM", value, 1);
    }
    ~TermVariable() {
        if (saved) {
            ::setenv("TERM", saved->c_str(), 1);
        } else {
            ::unsetenv("TERM");
        }
    }
};

} // namespace

TEST_CASE("a pipe is no terminal and has the fallback size", "[util][terminal][progress]") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    CHECK_FALSE(is_terminal(fds[1]));
    const auto size = terminal_size(fds[1]);
    CHECK(size.columns == 100);
    CHECK(size.rows == 24);
    ::close(fds[0]);
    ::close(fds[1]);
}

TEST_CASE("a pseudo-terminal is a terminal of its set size, unless TERM is dumb", "[util][terminal][progress]") {
    PseudoTerminal pty;
    REQUIRE(pty.secondary >= 0);
    winsize ws{};
    ws.ws_col = 132;
    ws.ws_row = 40;
    REQUIRE(::ioctl(pty.secondary, TIOCSWINSZ, &ws) == 0);
    const auto size = terminal_size(pty.secondary);
    CHECK(size.columns == 132);
    CHECK(size.rows == 40);
    {
        TermVariable term("xterm-256color");
        CHECK(is_terminal(pty.secondary));
    }
    TermVariable term("dumb");
    CHECK_FALSE(is_terminal(pty.secondary));
}

TEST_CASE("cursor_up returns to the first column of the line n lines up", "[util][terminal][progress]") {
    CHECK(cursor_up(0) == "\r");
    CHECK(cursor_up(3) == "\r\x1b[3A");
}
