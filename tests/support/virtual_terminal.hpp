#pragma once
// A model of the terminal a live display draws on: it interprets the bytes the display writes (text, CR, LF and the
// few escape codes it uses) into the screen a person would see, so a test asserts on that screen, not on byte strings.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parley::testing {

/// An endless screen (nothing scrolls away) `columns` wide that wraps long lines as xterm does.
class VirtualTerminal {
public:
    explicit VirtualTerminal(std::size_t columns) : columns_(columns) {}

    /// Interprets `bytes` as a terminal would (LF also returns the carriage, as a tty's onlcr does).
    void feed(std::string_view bytes);

    /// The screen's lines, trailing blanks cut, trailing empty lines dropped.
    std::vector<std::string> screen() const;

    /// Escape sequences the model does not know, so a test fails on codes it cannot judge.
    const std::vector<std::string>& unknown_sequences() const { return unknown_; }

    /// True when the cursor is hidden (ESC[?25l last).
    bool cursor_hidden() const { return cursor_hidden_; }

private:
    void put(std::string cell);
    void escape(std::string_view sequence);
    std::vector<std::string>& line(std::size_t row);

    std::size_t columns_;
    std::vector<std::vector<std::string>> cells_; ///< one UTF-8 character per cell
    std::size_t row_ = 0;
    std::size_t col_ = 0;
    bool cursor_hidden_ = false;
    std::vector<std::string> unknown_;
};

} // namespace parley::testing
