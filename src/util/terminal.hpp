#pragma once
// What a live display needs from a terminal: whether output goes to one, its size, and the escape codes
// that redraw a block of lines in place.

#include <cstddef>
#include <string>
#include <string_view>

namespace parley::util {

/// The size of a terminal in character cells.
struct TerminalSize {
    std::size_t columns = 100;
    std::size_t rows = 24;
};

/// True when `fd` is a terminal that understands ANSI escape codes (TERM=dumb does not).
bool is_terminal(int fd);

/// The size of the terminal on `fd`, or the TerminalSize defaults when it cannot be read.
TerminalSize terminal_size(int fd);

/// Hides the cursor, so a redraw does not flicker.
inline constexpr std::string_view kHideCursor = "\x1b[?25l";

/// Shows the cursor again; safe to write from a signal handler, being a constant.
inline constexpr std::string_view kShowCursor = "\x1b[?25h";

/// Erases the line the cursor is on.
inline constexpr std::string_view kEraseLine = "\x1b[2K";

/// Erases from the cursor to the end of the screen.
inline constexpr std::string_view kEraseDown = "\x1b[J";

/// Moves the cursor to the first column, `lines` lines up.
std::string cursor_up(std::size_t lines);

} // namespace parley::util
