#include "support/virtual_terminal.hpp"

#include <cstdlib>

namespace parley::testing {

namespace {

bool is_continuation(unsigned char byte) {
    return (byte & 0xC0) == 0x80;
}

std::size_t parameter_or(std::string_view params, std::size_t fallback) {
    if (params.empty()) {
        return fallback;
    }
    return static_cast<std::size_t>(std::strtoul(std::string(params).c_str(), nullptr, 10));
}

} // namespace

std::vector<std::string>& VirtualTerminal::line(std::size_t row) {
    if (cells_.size() <= row) {
        cells_.resize(row + 1);
    }
    return cells_[row];
}

void VirtualTerminal::put(std::string cell) {
    if (col_ >= columns_) {
        // xterm's pending wrap: the character after the last column starts the next line.
        ++row_;
        col_ = 0;
    }
    auto& cells = line(row_);
    if (cells.size() <= col_) {
        cells.resize(col_ + 1, " ");
    }
    cells[col_] = std::move(cell);
    ++col_;
}

void VirtualTerminal::escape(std::string_view sequence) {
    // sequence: the bytes after ESC '[' up to and including the final byte.
    const char final_byte = sequence.back();
    const auto params = sequence.substr(0, sequence.size() - 1);
    if (final_byte == 'A') {
        const auto n = parameter_or(params, 1);
        row_ = n > row_ ? 0 : row_ - n;
    } else if (final_byte == 'B') {
        row_ += parameter_or(params, 1);
    } else if (final_byte == 'K') {
        auto& cells = line(row_);
        const auto mode = parameter_or(params, 0);
        if (mode == 2) {
            cells.clear();
        } else if (mode == 0 && cells.size() > col_) {
            cells.resize(col_);
        } else if (mode != 0) {
            unknown_.push_back("[" + std::string(sequence));
        }
    } else if (final_byte == 'J' && parameter_or(params, 0) == 0) {
        auto& cells = line(row_);
        if (cells.size() > col_) {
            cells.resize(col_);
        }
        cells_.resize(row_ + 1);
    } else if (params == "?25" && (final_byte == 'l' || final_byte == 'h')) {
        cursor_hidden_ = final_byte == 'l';
    } else if (final_byte == 'm') {
        // Colours change no character.
    } else {
        unknown_.push_back("[" + std::string(sequence));
    }
}

void VirtualTerminal::feed(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '\n') {
            ++row_;
            col_ = 0;
            line(row_);
        } else if (c == '\r') {
            col_ = 0;
        } else if (c == '\x1b') {
            if (i + 1 >= bytes.size() || bytes[i + 1] != '[') {
                unknown_.push_back(std::string(bytes.substr(i, 2)));
                ++i;
                continue;
            }
            std::size_t end = i + 2;
            while (end < bytes.size() && !(bytes[end] >= 0x40 && bytes[end] <= 0x7E)) {
                ++end;
            }
            if (end >= bytes.size()) {
                unknown_.push_back(std::string(bytes.substr(i)));
                return;
            }
            escape(bytes.substr(i + 2, end - i - 1));
            i = end;
        } else if (is_continuation(static_cast<unsigned char>(c)) && col_ > 0) {
            line(row_)[col_ - 1] += c;
        } else {
            put(std::string(1, c));
        }
    }
}

std::vector<std::string> VirtualTerminal::screen() const {
    std::vector<std::string> out;
    for (const auto& cells : cells_) {
        std::string text;
        for (const auto& cell : cells) {
            text += cell;
        }
        text.erase(text.find_last_not_of(' ') + 1);
        out.push_back(std::move(text));
    }
    while (!out.empty() && out.back().empty()) {
        out.pop_back();
    }
    return out;
}

} // namespace parley::testing
