#pragma once
// A reviewed text as numbered lines: each kept as written (made safe to quote) and as a lower-case copy the
// phrase matching reads.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parley::review {

/// One line of a reviewed text.
struct TextLine {
    std::size_t number = 0; ///< 1-based
    std::string text;       ///< as written, without escape sequences, control characters or invalid UTF-8
    std::string lower;      ///< `text` with ASCII letters lowered and Markdown emphasis marks (`*`) as spaces
};

/// The lines of `text`, numbered from 1.
std::vector<TextLine> split_lines(std::string_view text);

/// The logical lines of `lines`: a line and the lines that continue it (wrapped text of one paragraph or list
/// item) joined with spaces, numbered by their first line. Headings, list items, table rows, fences and blank
/// lines start a new logical line.
std::vector<TextLine> join_wrapped(const std::vector<TextLine>& lines);

/// True when `line` is a Markdown heading ("## Leases"): it names a topic, it settles nothing.
bool is_heading(const TextLine& line);

/// `text` safe to quote on one line of a terminal, JSON or Markdown: escape sequences are dropped, tabs and
/// other control characters become spaces, invalid UTF-8 becomes U+FFFD.
std::string clean_line(std::string_view text);

/// `text` cut to at most `max_bytes` on a character boundary, ending in "…" when something was cut.
std::string shorten_quote(std::string_view text, std::size_t max_bytes);

} // namespace parley::review
