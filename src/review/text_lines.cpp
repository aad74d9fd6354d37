#include "review/text_lines.hpp"

#include "util/utf8.hpp"

namespace parley::review {

namespace {

// The length of an ANSI escape sequence starting at text[i] (ESC), so all of it can be dropped.
std::size_t escape_length(std::string_view text, std::size_t i) {
    std::size_t j = i + 1;
    if (j < text.size() && text[j] == '[') {
        ++j;
        while (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x20 &&
               static_cast<unsigned char>(text[j]) < 0x40) {
            ++j;
        }
        return (j < text.size() ? j + 1 : j) - i;
    }
    if (j < text.size() && text[j] == ']') {
        while (j < text.size() && text[j] != '\a' && text[j] != '\x1b') {
            ++j;
        }
        return (j < text.size() ? j + 1 : j) - i;
    }
    return j < text.size() ? 2 : 1;
}

} // namespace

std::string clean_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0x1b) {
            i += escape_length(text, i);
            continue;
        }
        if (c < 0x20 || c == 0x7f) {
            out += ' ';
            ++i;
            continue;
        }
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        const std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        const auto piece = text.substr(i, len);
        if (len == 1 || piece.size() < len || util::first_invalid_utf8(piece)) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        // C1 controls (U+0080-U+009F) act like escapes on some terminals.
        if (len == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
            out += ' ';
        } else {
            out += piece;
        }
        i += len;
    }
    return out;
}

std::vector<TextLine> split_lines(std::string_view text) {
    std::vector<TextLine> lines;
    std::size_t number = 0;
    for (std::size_t start = 0; start <= text.size();) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        auto raw = text.substr(start, end - start);
        if (!raw.empty() && raw.back() == '\r') {
            raw.remove_suffix(1);
        }
        TextLine line;
        line.number = ++number;
        line.text = clean_line(raw);
        line.lower = line.text;
        for (auto& ch : line.lower) {
            if (ch >= 'A' && ch <= 'Z') {
                ch = static_cast<char>(ch - 'A' + 'a');
            } else if (ch == '*' || ch == '`') {
                ch = ' ';
            }
        }
        lines.push_back(std::move(line));
        if (end == text.size()) {
            break;
        }
        start = end + 1;
    }
    return lines;
}

bool is_heading(const TextLine& line) {
    const auto first = line.text.find_first_not_of(" \t");
    return first != std::string::npos && line.text[first] == '#';
}

namespace {

// True when `line` starts a block of its own rather than continuing the one before.
bool starts_block(const TextLine& line) {
    const auto first = line.text.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return true;
    }
    const auto rest = std::string_view(line.text).substr(first);
    if (rest[0] == '#' || rest[0] == '|' || rest[0] == '>' || rest.substr(0, 3) == "```") {
        return true;
    }
    if (rest.size() > 1 && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+') && rest[1] == ' ') {
        return true;
    }
    std::size_t d = 0;
    while (d < rest.size() && rest[d] >= '0' && rest[d] <= '9') {
        ++d;
    }
    return d > 0 && d + 1 < rest.size() && (rest[d] == '.' || rest[d] == ')') && rest[d + 1] == ' ';
}

bool ends_sentence(std::string_view text) {
    const auto last = text.find_last_not_of(" \t");
    return last != std::string_view::npos &&
           (text[last] == '.' || text[last] == '!' || text[last] == '?' || text[last] == ':' || text[last] == ';');
}

bool is_blank(const TextLine& line) {
    return line.text.find_first_not_of(" \t") == std::string::npos;
}

} // namespace

std::vector<TextLine> join_wrapped(const std::vector<TextLine>& lines) {
    std::vector<TextLine> out;
    bool open = false; // whether the last logical line may be continued
    for (const auto& line : lines) {
        // A line that ends a sentence is complete; the next one starts a statement of its own.
        if (open && !starts_block(line) && !ends_sentence(out.back().text)) {
            const auto first = line.text.find_first_not_of(" \t");
            out.back().text += " " + line.text.substr(first);
            out.back().lower += " " + line.lower.substr(first);
            continue;
        }
        out.push_back(line);
        open = !is_blank(line) && !is_heading(line) && line.text[line.text.find_first_not_of(" \t")] != '|' &&
               !ends_sentence(line.text);
    }
    return out;
}

std::string shorten_quote(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) {
        return std::string(text);
    }
    return util::truncate_utf8(text, max_bytes) + "…";
}

} // namespace parley::review
