#include "progress/format.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "util/text_safety.hpp"
#include "util/utf8.hpp"

namespace parley::progress {

namespace {

constexpr std::string_view kEllipsis = "…";

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

/// Where each character of `text` starts and how many columns it takes.
std::vector<std::pair<std::size_t, std::size_t>> layout(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> cells;
    for (std::size_t at = 0; at < text.size();) {
        const auto c = util::decode_utf8(text, at);
        cells.emplace_back(at, columns_of(c.code));
        at += c.bytes;
    }
    return cells;
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
    return util::terminal_safe(text, util::LineBreaks::join);
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
