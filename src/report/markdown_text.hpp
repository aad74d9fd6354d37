#pragma once
// Putting untrusted text (model answers, names, prompts) into a Markdown report without breaking its outline.

#include <string>
#include <string_view>

namespace parley::report {

/// `text` as a Markdown block nested under a heading of level `min_level - 1`: its headings (ATX and setext)
/// are shifted so the highest becomes `min_level` (capped at 6); a code fence, HTML comment or raw HTML block
/// (script, pre, style, textarea, CDATA, <? ?>, <!X >) it leaves open is closed so it cannot swallow the rest of
/// the report; and its <details>/<summary> tags outside code show as text, so it cannot open or close the
/// report's folds. Ends with a newline unless empty.
std::string nested_block(std::string_view text, int min_level);

/// `text` as one line of inline Markdown: line breaks become spaces and a leading character that would start a
/// block (heading, quote, list, fence, HTML) is escaped; inline formatting such as **bold** is kept, and
/// <details>/<summary> tags show as text.
std::string one_line(std::string_view text);

/// `text` as the inline content of one table cell: one_line, with its pipes escaped so it stays in its cell.
std::string table_cell(std::string_view text);

/// `text` as one line of literal text for headings and table cells: every Markdown special character is
/// escaped, so names and ids show exactly as written.
std::string literal(std::string_view text);

/// `text` verbatim in a fenced code block whose backtick fence is longer than any backtick run inside it.
std::string fenced(std::string_view text, std::string_view info);

} // namespace parley::report
