#include "util/quoted_value.hpp"

#include <cstdio>

namespace parley::util {

namespace {

// The length of the UTF-8 sequence starting at `i`, or 0 when the bytes there are not a valid one.
std::size_t sequence_length(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned min_code = 0;
    unsigned code = 0;
    if (lead < 0x80) {
        return 1;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2;
        min_code = 0x80;
        code = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        min_code = 0x800;
        code = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        min_code = 0x10000;
        code = lead & 0x07u;
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) {
            return 0;
        }
        code = (code << 6) | (next & 0x3Fu);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not valid UTF-8.
    if (code < min_code || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
        return 0;
    }
    return length;
}

std::string hex_escape(const char* prefix, unsigned value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%s%02X", prefix, value);
    return buffer;
}

// One character made safe: printable text stays, the rest becomes an escape.
std::string escaped(std::string_view text, std::size_t at, std::size_t length) {
    if (length == 0) {
        return hex_escape("\\x", static_cast<unsigned char>(text[at]));
    }
    if (length == 1) {
        const char c = text[at];
        switch (c) {
        case '\n':
            return "\\n";
        case '\r':
            return "\\r";
        case '\t':
            return "\\t";
        case '"':
            return "\\\"";
        case '\\':
            return "\\\\";
        default:
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) {
            return hex_escape("\\x", byte);
        }
        return std::string(1, c);
    }
    // C1 controls (U+0080..U+009F) act on terminals as ESC sequences do.
    if (length == 2 && static_cast<unsigned char>(text[at]) == 0xC2 &&
        static_cast<unsigned char>(text[at + 1]) < 0xA0) {
        return hex_escape("\\u00", static_cast<unsigned char>(text[at + 1]));
    }
    return std::string(text.substr(at, length));
}

} // namespace

std::string escape_controls(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t length = sequence_length(text, i);
        out += length == 1 && (text[i] == '"' || text[i] == '\\') ? std::string(1, text[i]) : escaped(text, i, length);
        i += length == 0 ? 1 : length;
    }
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

std::string quote_value(std::string_view text, std::size_t max_chars) {
    std::string out = "\"";
    std::size_t shown = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (shown == max_chars) {
            return out + "…\" (" + human_size(text.size()) + ")";
        }
        const std::size_t length = sequence_length(text, i);
        out += escaped(text, i, length);
        i += length == 0 ? 1 : length;
        ++shown;
    }
    return out + "\"";
}

} // namespace parley::util
