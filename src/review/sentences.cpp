#include "review/sentences.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace parley::review {

const char* to_string(SentenceKind kind) {
    switch (kind) {
    case SentenceKind::prose:
        return "prose";
    case SentenceKind::list_item:
        return "list_item";
    case SentenceKind::table_row:
        return "table_row";
    case SentenceKind::code:
        return "code";
    case SentenceKind::heading:
        return "heading";
    }
    return "prose";
}

std::size_t column_of(std::string_view text, std::size_t offset) {
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        column += (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80 ? 0 : 1;
    }
    return column;
}

namespace {

// Words before a full stop that do not end a sentence ("e.g. Redis", "vs. Kafka").
constexpr std::array<std::string_view, 14> kAbbreviations = {"e.g",  "i.e",  "etc", "vs", "approx", "cf",    "ca",
                                                             "incl", "resp", "eg",  "ie", "fig",    "a.k.a", "aka"};
// How far the arguments of a retry call are read for a literal cap.
constexpr std::size_t kCallReach = 80;

bool is_lower_letter(char c) {
    return c >= 'a' && c <= 'z';
}

bool is_upper_letter(char c) {
    return c >= 'A' && c <= 'Z';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_identifier_char(char c) {
    return is_lower_letter(c) || is_upper_letter(c) || is_digit(c) || c == '_';
}

// A piece of a source line inside a block's joined text.
struct Segment {
    std::size_t line = 0;   // 1-based
    std::size_t offset = 0; // byte offset in the line's text
    std::size_t at = 0;     // offset in the block's text
};

// Consecutive lines read as one: a paragraph, a list item, a table row, a code line or a heading.
struct Block {
    SentenceKind kind = SentenceKind::prose;
    std::string text;
    std::vector<Segment> segments;
    std::vector<std::size_t> breaks; // offsets in `text` after which a unit ends (a line ending in ':' or ';')
};

// The marker a line starts with ("- ", "12. ", "> "), or 0; `list` says whether it is a list item.
std::size_t marker_length(std::string_view rest, bool& list) {
    list = false;
    if (rest.size() > 1 && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+') && rest[1] == ' ') {
        list = true;
        return 2;
    }
    if (!rest.empty() && rest[0] == '>') {
        return rest.size() > 1 && rest[1] == ' ' ? 2 : 1;
    }
    std::size_t d = 0;
    while (d < rest.size() && d < 9 && is_digit(rest[d])) {
        ++d;
    }
    if (d > 0 && d + 1 < rest.size() && (rest[d] == '.' || rest[d] == ')') && rest[d + 1] == ' ') {
        list = true;
        return d + 2;
    }
    return 0;
}

bool is_fence(std::string_view rest) {
    return rest.substr(0, 3) == "```" || rest.substr(0, 3) == "~~~";
}

bool is_table_separator(std::string_view rest) {
    return rest.find_first_not_of("|-: \t") == std::string_view::npos;
}

std::string_view trim_right(std::string_view s) {
    const auto last = s.find_last_not_of(" \t");
    return last == std::string_view::npos ? std::string_view() : s.substr(0, last + 1);
}

bool is_abbreviation(std::string_view text, std::size_t dot) {
    std::size_t b = dot;
    while (b > 0 && (is_identifier_char(text[b - 1]) || text[b - 1] == '.')) {
        --b;
    }
    std::string word(text.substr(b, dot - b));
    for (auto& c : word) {
        c = is_upper_letter(c) ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return std::find(kAbbreviations.begin(), kAbbreviations.end(), word) != kAbbreviations.end();
}

// True when a sentence ends at text[i]: a full stop, '!' or '?' followed by a blank, unless the full stop ends an
// abbreviation ("e.g. the"); "1.5 s" has no blank after its point.
bool ends_sentence_at(std::string_view text, std::size_t i) {
    const char c = text[i];
    if (c != '.' && c != '!' && c != '?') {
        return false;
    }
    if (i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '\t') {
        return false;
    }
    const auto next = text.find_first_not_of(" \t", i + 1);
    if (next == std::string_view::npos) {
        return true;
    }
    // A lower-case word after it still starts a sentence in text written all in lower case ("no data loss so
    // far. workers BRPOP a job"); abbreviations ("e.g. the") are told apart.
    return c != '.' || !is_abbreviation(text, i);
}

// `text` lowered with emphasis marks as spaces, as the phrase matching reads it.
std::string lowered(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        if (is_upper_letter(c)) {
            c = static_cast<char>(c - 'A' + 'a');
        } else if (c == '*' || c == '`') {
            c = ' ';
        }
    }
    return out;
}

// `text` with identifiers split into words: "visibilityTimeout" → "visibility timeout", "acks_late" → "acks late".
std::string split_identifiers(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_' || c == '*' || c == '`') {
            out += ' ';
        } else if (is_upper_letter(c)) {
            if (i > 0 && is_lower_letter(text[i - 1])) {
                out += ' ';
            }
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            out += c;
        }
    }
    return out;
}

// What a retry call states in passing: "retry with backoff(fn, 3)" caps attempts at 3.
std::string code_notes(std::string_view words) {
    std::string out;
    for (auto at = words.find("retr"); at != std::string_view::npos; at = words.find("retr", at + 1)) {
        auto open = at;
        while (open < words.size() && (is_identifier_char(words[open]) || words[open] == ' ') &&
               open < at + kCallReach) {
            ++open;
        }
        if (open >= words.size() || words[open] != '(') {
            continue;
        }
        const auto close = words.find(')', open);
        if (close == std::string_view::npos || close > open + kCallReach) {
            continue;
        }
        const auto args = words.substr(open + 1, close - open - 1);
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (is_digit(args[i]) && (i == 0 || args[i - 1] == ' ' || args[i - 1] == ',' || args[i - 1] == '=')) {
                auto j = i;
                while (j < args.size() && is_digit(args[j])) {
                    ++j;
                }
                if (j == args.size() || args[j] == ',' || args[j] == ' ') {
                    out += " ; max attempts " + std::string(args.substr(i, j - i));
                    break;
                }
            }
        }
    }
    return out;
}

Sentence make_sentence(const Block& block, std::size_t b, std::size_t e) {
    Sentence s;
    s.kind = block.kind;
    s.text = block.text.substr(b, e - b);
    auto locate = [&](std::size_t at) {
        const auto it = std::upper_bound(block.segments.begin(), block.segments.end(), at,
                                         [](std::size_t v, const Segment& seg) { return v < seg.at; });
        const auto& seg = *(it - 1);
        return std::pair{seg.line, seg.offset + (at - seg.at)};
    };
    std::tie(s.span.line, s.span.begin) = locate(b);
    const auto [end_line, last] = locate(e - 1);
    s.span.end_line = end_line;
    s.span.end = last + 1;
    s.lower = lowered(s.text);
    const auto words = split_identifiers(s.text);
    if (words != s.lower) {
        s.lower += " ; " + words;
    }
    s.lower += code_notes(words);
    return s;
}

void add_unit(const Block& block, std::size_t b, std::size_t e, std::vector<Sentence>& out) {
    while (b < e && (block.text[b] == ' ' || block.text[b] == '\t')) {
        ++b;
    }
    while (e > b && (block.text[e - 1] == ' ' || block.text[e - 1] == '\t')) {
        --e;
    }
    if (e > b) {
        out.push_back(make_sentence(block, b, e));
    }
}

void flush(Block& block, std::vector<Sentence>& out) {
    if (block.text.empty()) {
        block = Block{};
        return;
    }
    if (block.kind != SentenceKind::prose && block.kind != SentenceKind::list_item) {
        add_unit(block, 0, block.text.size(), out);
        block = Block{};
        return;
    }
    std::size_t start = 0;
    auto next_break = block.breaks.begin();
    for (std::size_t i = 0; i < block.text.size(); ++i) {
        const bool hard = next_break != block.breaks.end() && *next_break == i + 1;
        if (hard) {
            ++next_break;
        }
        if (hard || ends_sentence_at(block.text, i)) {
            add_unit(block, start, i + 1, out);
            start = i + 1;
        }
    }
    add_unit(block, start, block.text.size(), out);
    block = Block{};
}

void append(Block& block, const TextLine& line, std::size_t offset) {
    const auto piece = trim_right(std::string_view(line.text).substr(offset));
    if (!block.text.empty()) {
        block.text += ' ';
    }
    block.segments.push_back({line.number, offset, block.text.size()});
    block.text += piece;
    if (!piece.empty() && (piece.back() == ':' || piece.back() == ';')) {
        block.breaks.push_back(block.text.size());
    }
}

// Adds `line` (outside code fences) to the open block or starts a new one.
void read_line(const TextLine& line, Block& block, std::vector<Sentence>& out) {
    const auto first = line.text.find_first_not_of(" \t");
    const auto rest = std::string_view(line.text).substr(first);
    if (rest[0] == '#' || rest[0] == '|') {
        flush(block, out);
        if (rest[0] == '|' && is_table_separator(rest)) {
            return;
        }
        block.kind = rest[0] == '#' ? SentenceKind::heading : SentenceKind::table_row;
        append(block, line, first);
        flush(block, out);
        return;
    }
    bool list = false;
    const auto marker = marker_length(rest, list);
    if (marker > 0) {
        flush(block, out);
        block.kind = list ? SentenceKind::list_item : SentenceKind::prose;
        const auto body = line.text.find_first_not_of(" \t", first + marker);
        if (body != std::string::npos) {
            append(block, line, body);
        }
        return;
    }
    append(block, line, first);
}

} // namespace

std::vector<Sentence> split_sentences(const std::vector<TextLine>& lines) {
    std::vector<Sentence> out;
    Block block;
    bool in_code = false;
    bool diagram_type_next = false; // the first line of a mermaid block names the diagram type, nothing more
    for (const auto& line : lines) {
        const auto first = line.text.find_first_not_of(" \t");
        if (first == std::string::npos) {
            if (!in_code) {
                flush(block, out);
            }
            continue;
        }
        const auto rest = std::string_view(line.text).substr(first);
        if (is_fence(rest)) {
            flush(block, out);
            in_code = !in_code;
            diagram_type_next = in_code && line.lower.find("mermaid") != std::string::npos;
            continue;
        }
        if (in_code && diagram_type_next) {
            diagram_type_next = false;
            continue;
        }
        if (in_code) {
            block.kind = SentenceKind::code;
            append(block, line, first);
            flush(block, out);
            continue;
        }
        read_line(line, block, out);
    }
    flush(block, out);
    return out;
}

} // namespace parley::review
