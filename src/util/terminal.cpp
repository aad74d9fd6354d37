#include "util/terminal.hpp"

#include <cstdlib>
#include <string_view>
#include <sys/ioctl.h>
#include <unistd.h>

namespace parley::util {

bool is_terminal(int fd) {
    if (::isatty(fd) != 1) {
        return false;
    }
    const char* term = std::getenv("TERM");
    return term == nullptr || std::string_view(term) != "dumb";
}

TerminalSize terminal_size(int fd) {
    TerminalSize size;
    winsize ws{};
    if (::ioctl(fd, TIOCGWINSZ, &ws) == 0) {
        // A pseudo-terminal that was never sized reports zeros; the defaults are better than nothing.
        if (ws.ws_col > 0) {
            size.columns = ws.ws_col;
        }
        if (ws.ws_row > 0) {
            size.rows = ws.ws_row;
        }
    }
    return size;
}

std::string cursor_up(std::size_t lines) {
    if (lines == 0) {
        return "\r";
    }
    return "\r\x1b[" + std::to_string(lines) + "A";
}

} // namespace parley::util
