#include "report/link_destination.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

#include "util/text.hpp"
#include "util/utf8.hpp"

namespace parley::report {

namespace {

// Named entities a destination could use to spell a scheme or its punctuation. Any other name stays literal, which
// only ever makes a destination look less like an allowed one, never more.
constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kNamedEntities{{
    {"amp", "&"},  {"lt", "<"},       {"gt", ">"},     {"quot", "\""},       {"apos", "'"},   {"colon", ":"},
    {"Tab", "\t"}, {"NewLine", "\n"}, {"sol", "/"},    {"bsol", "\\"},       {"num", "#"},    {"period", "."},
    {"lpar", "("}, {"rpar", ")"},     {"excl", "!"},   {"quest", "?"},       {"semi", ";"},   {"equals", "="},
    {"plus", "+"}, {"percnt", "%"},   {"commat", "@"}, {"nbsp", "\xc2\xa0"}, {"hyphen", "-"}, {"dash", "-"},
}};

bool is_ascii_punctuation(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

// A numeric reference's code point as CommonMark takes it: 0 and values past Unicode become U+FFFD.
char32_t numeric_code(std::string_view digits, int base) {
    unsigned long value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (ec != std::errc{} || end != digits.data() + digits.size() || value == 0 || value > 0x10FFFF ||
        (value >= 0xD800 && value <= 0xDFFF)) {
        return U'\uFFFD';
    }
    return static_cast<char32_t>(value);
}

// Decodes the entity reference at `text` (starting with '&'); returns the bytes it consumed, 0 when it is none.
std::size_t decode_entity(std::string_view text, std::string& out) {
    const auto semi = text.find(';');
    if (semi == std::string_view::npos || semi < 2 || semi > 33) {
        return 0;
    }
    const auto body = text.substr(1, semi - 1);
    if (body.front() == '#') {
        const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
        const auto digits = body.substr(hex ? 2 : 1);
        // CommonMark: 1-7 decimal digits, or 1-6 hex digits.
        if (digits.empty() || digits.size() > (hex ? 6U : 7U)) {
            return 0;
        }
        for (const char c : digits) {
            const bool ok = hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0 : (c >= '0' && c <= '9');
            if (!ok) {
                return 0;
            }
        }
        util::append_utf8(out, numeric_code(digits, hex ? 16 : 10));
        return semi + 1;
    }
    for (const auto& [name, value] : kNamedEntities) {
        if (body == name) {
            out += value;
            return semi + 1;
        }
    }
    return 0;
}

} // namespace

std::string decoded_destination(std::string_view rest, std::size_t limit) {
    std::size_t i = 0;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) {
        ++i;
    }
    const bool pointed = i < rest.size() && rest[i] == '<';
    if (pointed) {
        ++i;
    }
    std::string out;
    while (i < rest.size() && out.size() < limit) {
        const char c = rest[i];
        // The raw form ends at a space or control character, the pointed one at '>'; a raw ")" first is an empty
        // destination, and later ones belong to the URL or close it, which does not change its scheme.
        if ((pointed && c == '>') || (!pointed && (c == ' ' || static_cast<unsigned char>(c) < 0x20)) ||
            (!pointed && c == ')' && out.empty())) {
            break;
        }
        if (c == '\\' && i + 1 < rest.size() && is_ascii_punctuation(rest[i + 1])) {
            out += rest[i + 1];
            i += 2;
            continue;
        }
        if (c == '&') {
            if (const auto used = decode_entity(rest.substr(i), out); used > 0) {
                i += used;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}

bool is_safe_link_destination(std::string_view rest) {
    const auto start = rest.find_first_not_of(" \t");
    // Nothing after "](" on this line: CommonMark takes the destination from the next line, unseen here.
    if (start == std::string_view::npos) {
        return false;
    }
    const auto decoded = util::ascii_lower(decoded_destination(rest));
    if (decoded.empty()) {
        return true;
    }
    for (std::string_view allowed : {"http://", "https://", "mailto:", "#"}) {
        if (decoded.rfind(allowed, 0) == 0) {
            return true;
        }
    }
    return false;
}

std::string relative_file_href(std::string_view relative_path) {
    if (relative_path.empty() || relative_path.front() == '/') {
        return {};
    }
    std::string out;
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char c : relative_path) {
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~' || c == '/') {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0f];
        }
    }
    return out;
}

} // namespace parley::report
