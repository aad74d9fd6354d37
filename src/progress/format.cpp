#include "progress/format.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace parley::progress {

namespace {

constexpr std::string_view kEllipsis = "…";
constexpr char32_t kReplacement = 0xFFFD;

enum class Decode { ok, invalid, cut_short };

/// One character read from UTF-8 text.
struct Character {
    char32_t code = 0;
    std::size_t bytes = 1;
    Decode status = Decode::ok;
};

Character decode_at(std::string_view text, std::size_t at) {
    // The leading one bits of the first byte give the sequence length; each length has a smallest value,
    // below which the sequence is an overlong form.
    static constexpr std::array<char32_t, 5> kSmallest{0, 0, 0x80, 0x800, 0x10000};
    const auto lead = static_cast<unsigned char>(text[at]);
    const auto length = static_cast<std::size_t>(std::countl_one(lead));
    if (length == 0) {
        return {lead, 1, Decode::ok};
    }
    if (length == 1 || length > 4) {
        return {kReplacement, 1, Decode::invalid};
    }
    char32_t code = lead & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
        if (at + k >= text.size()) {
            return {kReplacement, text.size() - at, Decode::cut_short};
        }
        const auto next = static_cast<unsigned char>(text[at + k]);
        if ((next & 0xC0) != 0x80) {
            return {kReplacement, k, Decode::invalid};
        }
        code = (code << 6) | (next & 0x3Fu);
    }
    if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return {kReplacement, length, Decode::invalid};
    }
    return {code, length, Decode::ok};
}

bool in_ranges(char32_t code, const auto& ranges) {
    for (const auto& [first, last] : ranges) {
        if (code >= first && code <= last) {
            return true;
        }
    }
    return false;
}

// An approximation of wcwidth that covers the common scripts and emoji: a line the display thinks is
// shorter than it is would wrap, and then moving up by the number of lines drawn lands in the wrong place.
std::size_t columns_of(char32_t code) {
    static constexpr std::array<std::pair<char32_t, char32_t>, 9> kZeroWidth{{
        {0x0300, 0x036F},
        {0x0483, 0x0489},
        {0x0591, 0x05BD},
        {0x1AB0, 0x1AFF},
        {0x1DC0, 0x1DFF},
        {0x200B, 0x200F},
        {0x20D0, 0x20FF},
        {0xFE00, 0xFE0F},
        {0xFE20, 0xFE2F},
    }};
    static constexpr std::array<std::pair<char32_t, char32_t>, 14> kWide{{
        {0x1100, 0x115F},
        {0x2E80, 0x303E},
        {0x3041, 0x33FF},
        {0x3400, 0x4DBF},
        {0x4E00, 0x9FFF},
        {0xA000, 0xA4CF},
        {0xAC00, 0xD7A3},
        {0xF900, 0xFAFF},
        {0xFE30, 0xFE4F},
        {0xFF00, 0xFF60},
        {0xFFE0, 0xFFE6},
        {0x1F300, 0x1F64F},
        {0x1F900, 0x1F9FF},
        {0x20000, 0x3FFFD},
    }};
    if (in_ranges(code, kZeroWidth)) {
        return 0;
    }
    return in_ranges(code, kWide) ? 2 : 1;
}

void append_utf8(std::string& out, char32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

/// Where each character of `text` starts and how many columns it takes.
std::vector<std::pair<std::size_t, std::size_t>> layout(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> cells;
    for (std::size_t at = 0; at < text.size();) {
        const auto c = decode_at(text, at);
        cells.emplace_back(at, columns_of(c.code));
        at += c.bytes;
    }
    return cells;
}

// The number of bytes an escape sequence starting at `at` takes, so a model cannot move the cursor,
// change colours or retitle the window through the display.
std::size_t escape_length(std::string_view text, std::size_t at) {
    if (at + 1 >= text.size()) {
        return 1;
    }
    if (text[at + 1] == '[') {
        // A control sequence ends at its first byte in @..~.
        for (std::size_t i = at + 2; i < text.size(); ++i) {
            if (text[i] >= 0x40 && text[i] <= 0x7E) {
                return i + 1 - at;
            }
        }
        return text.size() - at;
    }
    if (text[at + 1] == ']') {
        // An operating system command ends at BEL or at ESC \.
        for (std::size_t i = at + 2; i < text.size(); ++i) {
            if (text[i] == '\a') {
                return i + 1 - at;
            }
            if (text[i] == '\x1b') {
                return std::min(i + 2, text.size()) - at;
            }
        }
        return text.size() - at;
    }
    return static_cast<unsigned char>(text[at + 1]) < 0x80 ? 2 : 1;
}

bool is_blank(char32_t code) {
    return code <= 0x20 || (code >= 0x7F && code <= 0xA0) || code == 0x2028 || code == 0x2029;
}

} // namespace

std::string format_duration(double ms) {
    const double seconds = std::max(ms, 0.0) / 1000.0;
    if (seconds < 59.95) {
        return fmt::format("{:.1f}s", seconds);
    }
    const auto whole = static_cast<long long>(std::llround(seconds));
    if (whole < 3600) {
        return fmt::format("{}m{:02}s", whole / 60, whole % 60);
    }
    return fmt::format("{}h{:02}m", whole / 3600, (whole % 3600) / 60);
}

std::string format_count(double count) {
    if (count < 999.5) {
        return fmt::format("{:.0f}", std::max(count, 0.0));
    }
    if (count < 999'950) {
        return fmt::format("{:.1f}k", count / 1e3);
    }
    return fmt::format("{:.1f}M", count / 1e6);
}

std::string format_cost(double usd) {
    if (usd < 0.99995) {
        return fmt::format("${:.4f}", std::max(usd, 0.0));
    }
    return fmt::format("${:.2f}", usd);
}

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (const auto& cell : layout(text)) {
        width += cell.second;
    }
    return width;
}

std::string fit_width(std::string_view text, std::size_t columns) {
    if (display_width(text) <= columns) {
        return std::string(text);
    }
    if (columns == 0) {
        return {};
    }
    std::size_t used = 0;
    std::size_t cut = 0;
    for (const auto& [at, width] : layout(text)) {
        if (used + width > columns - 1) {
            cut = at;
            break;
        }
        used += width;
    }
    return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

std::string tail_width(std::string_view text, std::size_t columns) {
    if (display_width(text) <= columns) {
        return std::string(text);
    }
    if (columns == 0) {
        return {};
    }
    const auto cells = layout(text);
    std::size_t used = 0;
    std::size_t start = text.size();
    for (auto it = cells.rbegin(); it != cells.rend() && used + it->second <= columns - 1; ++it) {
        used += it->second;
        start = it->first;
    }
    return std::string(kEllipsis) + std::string(text.substr(start));
}

std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space_pending = false;
    for (std::size_t at = 0; at < text.size();) {
        if (text[at] == '\x1b') {
            at += escape_length(text, at);
            continue;
        }
        const auto c = decode_at(text, at);
        if (c.status == Decode::cut_short) {
            break;
        }
        at += c.bytes;
        if (is_blank(c.code)) {
            space_pending = !out.empty();
            continue;
        }
        if (space_pending) {
            out += ' ';
            space_pending = false;
        }
        append_utf8(out, c.code);
    }
    return out;
}

std::string first_line(std::string_view text) {
    while (!text.empty()) {
        const auto end = text.find('\n');
        auto line = one_line(text.substr(0, end));
        if (!line.empty() || end == std::string_view::npos) {
            return line;
        }
        text.remove_prefix(end + 1);
    }
    return {};
}

} // namespace parley::progress
