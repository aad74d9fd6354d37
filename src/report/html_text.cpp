#include "report/html_text.hpp"

#include "util/utf8.hpp"

namespace parley::report {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI: the controls that reorder the text after them.
bool is_bidi_control(char32_t c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

void append_hex(std::string& out, char32_t code) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    out += "[U+";
    for (int shift = 12; shift >= 0; shift -= 4) {
        out += kDigits[(code >> shift) & 0xF];
    }
    out += ']';
}

} // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    std::size_t at = 0;
    while (at < text.size()) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if (byte < 0x80) {
            switch (byte) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            case '\t':
            case '\n':
                out += static_cast<char>(byte);
                break;
            // A lone carriage return would be a line break to the HTML parser but not to the Markdown report.
            case '\r':
                break;
            default:
                if (byte < 0x20 || byte == 0x7F) {
                    util::append_utf8(out, kReplacement);
                } else {
                    out += static_cast<char>(byte);
                }
            }
            ++at;
            continue;
        }
        const auto c = util::decode_utf8(text, at);
        if (!c.valid || (c.code >= 0x80 && c.code < 0xA0)) {
            util::append_utf8(out, kReplacement);
        } else if (is_bidi_control(c.code)) {
            append_hex(out, c.code);
        } else {
            out.append(text.substr(at, c.bytes));
        }
        at += c.bytes;
    }
    return out;
}

std::string html_anchor(std::string_view text) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto byte = static_cast<unsigned char>(ch);
        if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
            byte == '-' || byte == '_') {
            out += ch;
        } else {
            out += '.';
            out += kDigits[byte >> 4];
            out += kDigits[byte & 0xF];
        }
    }
    return out;
}

} // namespace parley::report
