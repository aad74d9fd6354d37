#pragma once
// Putting untrusted text (model answers, names, prompts) into a Markdown report without breaking its outline.

#include <string>
#include <string_view>

namespace parley::report {

/// `text` as a Markdown block nested under a heading of level `min_level - 1`: its headings (ATX and setext)
/// are shifted so the highest becomes `min_level` (capped at 6); a code fence it leaves open is closed so it cannot
/// swallow the rest of the report; and outside code it is made inert: "<" becomes "&lt;" (no raw HTML, comment,
/// autolink or <details> tag of its own takes effect, yet it reads the same) and a link whose destination is not
/// http:, https:, mailto: or an anchor once its entities and escapes are decoded (is_safe_link_destination) loses
/// its link syntax. Ends with a newline unless empty.
std::string nested_block(std::string_view text, int min_level);

/// `text` as one line of inline Markdown: line breaks become spaces and a leading character that would start a
/// block (heading, quote, list, fence) is escaped; inline formatting such as **bold** is kept, and it is made
/// inert as nested_block makes text inert (raw HTML shows as text, script links are no links).
std::string one_line(std::string_view text);

/// `text` as the inline content of one table cell: one_line, made a cell by util::markdown_cell (pipes escaped,
/// control characters and invalid UTF-8 replaced) so it stays in its cell.
std::string table_cell(std::string_view text);

/// `text` as one line of literal text for headings and table cells: every Markdown special character is
/// escaped, so names and ids show exactly as written.
std::string literal(std::string_view text);

/// `text` verbatim in a fenced code block whose backtick fence is longer than any backtick run inside it.
std::string fenced(std::string_view text, std::string_view info);

} // namespace parley::report
