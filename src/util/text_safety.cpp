#include "util/text_safety.hpp"

#include <cstdio>
#include <type_traits>

#include "util/utf8.hpp"

namespace parley::util {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

/// One character of the text a policy walks over.
struct Char {
    char32_t code = 0;      ///< U+FFFD when the bytes are not valid UTF-8
    std::string_view bytes; ///< as written (an invalid sequence: its maximal invalid prefix)
    bool valid = true;
};

/// Calls `visit(c, rest)` for every character of `text`, `rest` being the text after it. A visitor that returns
/// bool stops the walk by returning false.
template <class Visit> void walk(std::string_view text, Visit visit) {
    for (std::size_t at = 0; at < text.size();) {
        const Utf8Char decoded = decode_utf8(text, at);
        const Char c{decoded.code, text.substr(at, decoded.bytes), decoded.valid};
        at += decoded.bytes;
        if constexpr (std::is_same_v<decltype(visit(c, text)), bool>) {
            if (!visit(c, text.substr(at))) {
                return;
            }
        } else {
            visit(c, text.substr(at));
        }
    }
}

// C0, DEL and C1 (U+0080-U+009F): C1 controls act on terminals as ESC sequences do.
bool is_control(char32_t code) {
    return code < 0x20 || (code >= 0x7F && code <= 0x9F);
}

// LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI: the controls that reorder the text after them.
bool is_bidi_control(char32_t code) {
    return (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069);
}

// Characters that reorder or split what follows them on screen, so a line could show something other than
// what it holds (the "Trojan Source" family): the bidi controls, the marks, and the line separators.
bool is_invisible_layout(char32_t code) {
    return is_bidi_control(code) || code == 0x200E || code == 0x200F || code == 0x061C || code == 0x2028 ||
           code == 0x2029;
}

bool is_blank(char32_t code) {
    return code == ' ' || code == '\t' || code == '\n' || code == '\r' || code == '\v' || code == '\f' ||
           code == 0xA0 || code == 0x2028 || code == 0x2029;
}

std::string formatted(const char* format, char32_t code) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, format, static_cast<unsigned>(code));
    return buffer;
}

// A character of a document (Markdown or HTML) as its reader should see it: invalid UTF-8 as U+FFFD, a bidi
// control by its code ("[U+202E]") instead of reordering what follows, the rest as written.
void append_for_reader(std::string& out, const Char& c) {
    if (!c.valid) {
        append_utf8(out, kReplacement);
    } else if (is_bidi_control(c.code)) {
        out += formatted("[U+%04X]", c.code);
    } else {
        out += c.bytes;
    }
}

// One unit of quoted text made safe: printable text stays, the rest becomes an escape.
std::string quoted_char(const Char& c, bool escape_quotes) {
    switch (c.code) {
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    case '"':
        return escape_quotes ? "\\\"" : "\"";
    case '\\':
        return escape_quotes ? "\\\\" : "\\";
    default:
        break;
    }
    if (is_control(c.code)) {
        return formatted(c.code < 0x80 ? "\\x%02X" : "\\u%04X", c.code);
    }
    return std::string(c.bytes);
}

// Calls `piece(text)` for every unit quote_value counts (a character made safe, or one byte of invalid UTF-8 as
// "\xFF") until it returns false.
template <class Piece> void quoted_pieces(std::string_view text, bool escape_quotes, Piece piece) {
    walk(text, [&](const Char& c, std::string_view) {
        if (c.valid) {
            return piece(quoted_char(c, escape_quotes));
        }
        for (const char byte : c.bytes) {
            if (!piece(formatted("\\x%02X", static_cast<unsigned char>(byte)))) {
                return false;
            }
        }
        return true;
    });
}

} // namespace

std::string terminal_safe(std::string_view text, LineBreaks breaks) {
    std::string out;
    out.reserve(text.size());
    bool space_pending = false;
    walk(text, [&](const Char& c, std::string_view rest) {
        if (breaks == LineBreaks::join && is_blank(c.code)) {
            space_pending = !out.empty();
            return;
        }
        if (space_pending) {
            out += ' ';
            space_pending = false;
        }
        if (c.code == '\n' || c.code == '\t') {
            out += static_cast<char>(c.code);
        } else if (c.code == '\r' && rest.starts_with('\n')) {
            // CRLF is a line break; a lone CR could return to the line start and overwrite what was shown.
        } else if (is_control(c.code) || is_invisible_layout(c.code)) {
            out += formatted(c.code < 0x80 ? "\\x%02x" : "\\u%04x", c.code);
        } else if (!c.valid) {
            append_utf8(out, kReplacement);
        } else {
            out += c.bytes;
        }
    });
    return out;
}

std::string quote_value(std::string_view text, std::size_t max_chars) {
    std::string out = "\"";
    std::size_t shown = 0;
    bool cut = false;
    quoted_pieces(text, true, [&](const std::string& piece) {
        cut = shown == max_chars;
        if (!cut) {
            out += piece;
            ++shown;
        }
        return !cut;
    });
    return cut ? out + "…\" (" + human_size(text.size()) + ")" : out + "\"";
}

std::string escape_controls(std::string_view text) {
    std::string out;
    quoted_pieces(text, false, [&](const std::string& piece) {
        out += piece;
        return true;
    });
    return out;
}

std::string human_size(std::size_t bytes) {
    if (bytes < 1024) {
        return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    }
    const char* units[] = {"KB", "MB", "GB", "TB"};
    auto value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < std::size(units)) {
        value /= 1024.0;
        ++unit;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f %s", value, units[unit]);
    return buffer;
}

std::string markdown_cell(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    walk(text, [&](const Char& c, std::string_view) {
        if (c.code == '|') {
            out += "\\|";
        } else if (c.code == '<') {
            out += "&lt;";
        } else if (is_control(c.code)) {
            out += ' ';
        } else {
            append_for_reader(out, c);
        }
    });
    return out;
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    walk(text, [&](const Char& c, std::string_view) {
        switch (c.code) {
        case '&':
            out += "&amp;";
            return;
        case '<':
            out += "&lt;";
            return;
        case '>':
            out += "&gt;";
            return;
        case '"':
            out += "&quot;";
            return;
        case '\'':
            out += "&#39;";
            return;
        case '\t':
        case '\n':
            out += static_cast<char>(c.code);
            return;
        // A lone carriage return would be a line break to the HTML parser but not to the Markdown report.
        case '\r':
            return;
        default:
            break;
        }
        if (is_control(c.code)) {
            append_utf8(out, kReplacement);
        } else {
            append_for_reader(out, c);
        }
    });
    return out;
}

} // namespace parley::util
