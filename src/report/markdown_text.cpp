#include "report/markdown_text.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "report/link_destination.hpp"
#include "util/text.hpp"
#include "util/text_safety.hpp"

namespace parley::report {

namespace {

constexpr int kMaxHeadingLevel = 6;

/// One line of a nested block: its text and, when it is a heading, its level and title.
struct BlockLine {
    std::string text;
    int level = 0;
    std::string title;
};

/// An opening or closing code fence: its character and length.
struct Fence {
    char ch = '`';
    std::size_t length = 0;
};

std::string_view without_cr(std::string_view line) {
    return !line.empty() && line.back() == '\r' ? line.substr(0, line.size() - 1) : line;
}

// CommonMark lets block markers be indented by up to three spaces; four make an indented code block.
std::optional<std::string_view> after_indent(std::string_view line) {
    std::size_t spaces = 0;
    while (spaces < line.size() && line[spaces] == ' ') {
        ++spaces;
    }
    if (spaces > 3) {
        return std::nullopt;
    }
    return line.substr(spaces);
}

bool is_blank(std::string_view line) {
    return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

std::optional<Fence> fence_of(std::string_view line) {
    const auto body = after_indent(without_cr(line));
    if (!body || body->empty() || (body->front() != '`' && body->front() != '~')) {
        return std::nullopt;
    }
    const char ch = body->front();
    const auto length = std::min(body->find_first_not_of(ch), body->size());
    if (length < 3) {
        return std::nullopt;
    }
    // A backtick fence's info string may not contain a backtick (that would be inline code).
    if (ch == '`' && body->substr(length).find('`') != std::string_view::npos) {
        return std::nullopt;
    }
    return Fence{ch, length};
}

bool closes(const Fence& open, std::string_view line) {
    const auto body = after_indent(without_cr(line));
    if (!body || body->empty() || body->front() != open.ch) {
        return false;
    }
    const auto run = std::min(body->find_first_not_of(open.ch), body->size());
    return run >= open.length && util::trim_blanks(body->substr(run)).empty();
}

// The level and title of an ATX heading ("## Title"), if the line is one.
std::optional<std::pair<int, std::string>> atx_heading(std::string_view line) {
    const auto body = after_indent(without_cr(line));
    if (!body || body->empty() || body->front() != '#') {
        return std::nullopt;
    }
    const auto hashes = std::min(body->find_first_not_of('#'), body->size());
    if (hashes > static_cast<std::size_t>(kMaxHeadingLevel)) {
        return std::nullopt;
    }
    const auto rest = body->substr(hashes);
    if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') {
        return std::nullopt;
    }
    return std::make_pair(static_cast<int>(hashes), std::string(util::trim_blanks(rest)));
}

// 1 for a "===" underline, 2 for "---", when the line is only that.
int setext_level(std::string_view line) {
    const auto body = after_indent(without_cr(line));
    if (!body || body->empty() || (body->front() != '=' && body->front() != '-')) {
        return 0;
    }
    const char ch = body->front();
    const auto run = std::min(body->find_first_not_of(ch), body->size());
    if (!util::trim_blanks(body->substr(run)).empty()) {
        return 0;
    }
    return ch == '=' ? 1 : 2;
}

// Whether a line is plain paragraph text, the only thing a setext underline turns into a heading.
bool is_paragraph_text(std::string_view line) {
    const auto body = after_indent(without_cr(line));
    if (!body || is_blank(*body)) {
        return false;
    }
    const char c = body->front();
    // A line starting with "<" is paragraph text too: its "<" is escaped, so it opens no HTML block.
    if (c == '>' || c == '|' || c == '#') {
        return false;
    }
    if ((c == '-' || c == '*' || c == '+') && (body->size() == 1 || (*body)[1] == ' ' || (*body)[1] == '\t')) {
        return false;
    }
    const auto digits = body->find_first_not_of("0123456789");
    return !(digits != 0 && digits != std::string_view::npos && (body->at(digits) == '.' || body->at(digits) == ')'));
}

// One line of model text made inert for a Markdown renderer: outside inline code, "<" becomes "&lt;" (so no raw
// HTML, comment, autolink or <details> tag of the model's takes effect, while the text reads the same), and a
// link or link definition whose destination, decoded as CommonMark decodes it, is not http:, https:, mailto: or an
// in-document anchor loses its link syntax. Inside `code` the text is already literal and stays as written.
std::string inert_line(std::string_view line) {
    std::string out;
    out.reserve(line.size() + 8);
    // A link reference definition ("[x]: javascript:...") starts the line.
    if (const auto body = after_indent(line); body && !body->empty() && body->front() == '[') {
        const auto close = body->find("]:");
        if (close != std::string_view::npos && !is_safe_link_destination(body->substr(close + 2))) {
            out += '\\';
        }
    }
    for (std::size_t i = 0; i < line.size();) {
        if (line[i] == '`') {
            // A code span: a run of backticks closed by a run of the same length on the same line.
            const auto run = std::min(line.find_first_not_of('`', i), line.size()) - i;
            std::size_t close = i + run;
            for (;;) {
                close = line.find('`', close);
                if (close == std::string_view::npos) {
                    break;
                }
                const auto close_run = std::min(line.find_first_not_of('`', close), line.size()) - close;
                if (close_run == run) {
                    break;
                }
                close += close_run;
            }
            const auto end = close == std::string_view::npos ? i + run : close + run;
            out.append(line.substr(i, end - i));
            i = end;
            continue;
        }
        if (line[i] == '<') {
            out += "&lt;";
        } else if (line[i] == ']' && i + 1 < line.size() && line[i + 1] == '(' &&
                   !is_safe_link_destination(line.substr(i + 2))) {
            out += "]\\";
        } else {
            out += line[i];
        }
        ++i;
    }
    return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

} // namespace

std::string nested_block(std::string_view text, int min_level) {
    std::vector<BlockLine> lines;
    std::optional<Fence> open_fence;
    bool previous_is_paragraph = false;
    for (const auto line : split_lines(text)) {
        if (open_fence) {
            if (closes(*open_fence, line)) {
                open_fence.reset();
            }
            lines.push_back({std::string(line), 0, {}});
            continue;
        }
        if (const int level = setext_level(line); level > 0 && previous_is_paragraph) {
            auto& heading = lines.back();
            heading.level = level;
            heading.title = std::string(util::trim_blanks(without_cr(heading.text)));
            previous_is_paragraph = false;
            continue;
        }
        BlockLine out{std::string(line), 0, {}};
        if (auto fence = fence_of(line)) {
            open_fence = fence;
        } else if (auto heading = atx_heading(line)) {
            out.level = heading->first;
            out.title = inert_line(heading->second);
        }
        if (!open_fence) {
            out.text = inert_line(out.text);
        }
        previous_is_paragraph = !open_fence && out.level == 0 && is_paragraph_text(line);
        lines.push_back(std::move(out));
    }

    int highest = kMaxHeadingLevel + 1;
    for (const auto& line : lines) {
        if (line.level > 0) {
            highest = std::min(highest, line.level);
        }
    }
    const int shift = std::max(0, min_level - highest);

    std::string out;
    out.reserve(text.size() + lines.size());
    for (const auto& line : lines) {
        if (line.level > 0) {
            out += std::string(static_cast<std::size_t>(std::min(kMaxHeadingLevel, line.level + shift)), '#');
            out += line.title.empty() ? "" : " " + line.title;
        } else {
            out += line.text;
        }
        out += '\n';
    }
    if (open_fence) {
        out += std::string(open_fence->length, open_fence->ch) + "\n";
    }
    return out;
}

std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : util::trim_blanks(text)) {
        const bool space = c == '\n' || c == '\r' || c == '\t';
        if (space && (out.empty() || out.back() == ' ')) {
            continue;
        }
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    if (out.empty()) {
        return out;
    }
    out = inert_line(out);
    const auto digits = out.find_first_not_of("0123456789");
    const char first = out.front();
    // "-", "+", "*" and "_" start a list or a rule only before a space or when they fill the line.
    const bool marker =
        std::string_view("-+*_").find(first) != std::string_view::npos &&
        (out.size() == 1 || out[1] == ' ' || out.find_first_not_of(std::string{first, ' '}) == std::string::npos);
    if (digits != 0 && digits != std::string::npos && (out[digits] == '.' || out[digits] == ')')) {
        out.insert(digits, 1, '\\');
    } else if (marker || std::string_view("#>=`~<|").find(first) != std::string_view::npos) {
        out.insert(0, 1, '\\');
    }
    return out;
}

std::string table_cell(std::string_view text) {
    return util::markdown_cell(one_line(text));
}

std::string literal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\n' || c == '\r' || c == '\t') {
            out += ' ';
            continue;
        }
        if (std::string_view("\\`*_[]<>|#!~").find(c) != std::string_view::npos) {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string fenced(std::string_view text, std::string_view info) {
    std::size_t longest = 0;
    std::size_t run = 0;
    for (const char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
    std::string out = fence + std::string(info) + "\n" + std::string(text);
    if (!text.empty() && text.back() != '\n') {
        out += '\n';
    }
    return out + fence + "\n";
}

} // namespace parley::report
