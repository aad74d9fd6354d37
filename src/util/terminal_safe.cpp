#include "util/terminal_safe.hpp"

#include <cstdio>

#include "util/utf8.hpp"

namespace parley::util {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_control(char32_t code) {
    return code < 0x20 || (code >= 0x7F && code <= 0x9F);
}

// Characters that reorder or split what follows them on screen, so a line could show something other than
// what it holds (the "Trojan Source" family).
bool is_invisible_layout(char32_t code) {
    return (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069) || code == 0x200E ||
           code == 0x200F || code == 0x061C || code == 0x2028 || code == 0x2029;
}

bool is_blank(char32_t code) {
    return code == ' ' || code == '\t' || code == '\n' || code == '\r' || code == '\v' || code == '\f' ||
           code == 0xA0 || code == 0x2028 || code == 0x2029;
}

void append_escaped(std::string& out, char32_t code) {
    char buffer[12];
    if (code < 0x80) {
        std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(code));
    } else {
        std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(code));
    }
    out += buffer;
}

} // namespace

std::string terminal_safe(std::string_view text, LineBreaks breaks) {
    std::string out;
    out.reserve(text.size());
    bool space_pending = false;
    for (std::size_t at = 0; at < text.size();) {
        const Utf8Char c = decode_utf8(text, at);
        at += c.bytes;
        const char32_t code = c.valid ? c.code : kReplacement;
        if (breaks == LineBreaks::join && is_blank(code)) {
            space_pending = !out.empty();
            continue;
        }
        if (space_pending) {
            out += ' ';
            space_pending = false;
        }
        if (code == '\n' || code == '\t') {
            out += static_cast<char>(code);
        } else if (code == '\r' && at < text.size() && text[at] == '\n') {
            // CRLF is a line break; a lone CR could return to the line start and overwrite what was shown.
            continue;
        } else if (is_control(code) || is_invisible_layout(code)) {
            append_escaped(out, code);
        } else {
            append_utf8(out, code);
        }
    }
    return out;
}

} // namespace parley::util
