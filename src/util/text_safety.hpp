#pragma once
// The one place untrusted text (provider answers and errors, file contents, config values, names) is made harmless
// before it reaches a reader. Each destination is a policy of one walk over the text's characters (decoded by
// util/utf8): what becomes of control characters, of characters that reorder a line, of invalid UTF-8 and of the
// destination's own special characters. Terminal output, quoting in a message, a Markdown table cell and HTML are
// the policies.

#include <cstddef>
#include <string>
#include <string_view>

namespace parley::util {

// --- terminal: stderr lines, log lines, the progress display, reports written to stdout ---

/// What terminal_safe does with line breaks and tabs.
enum class LineBreaks {
    keep, ///< "\n" and "\t" stay (CRLF becomes "\n"): for multi-line text such as a report
    join, ///< every run of blanks and line breaks becomes one space, trimmed at both ends: for one display line
};

/// `text` that cannot drive a terminal: every control character (C0, DEL and the C1 range U+0080-U+009F) is
/// shown escaped ("\x1b", "\u009b"), so an escape sequence (CSI, OSC "ESC ] ... BEL", ...) prints as inert
/// text; bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069, and the marks U+200E, U+200F, U+061C)
/// and line separators are shown escaped ("\u202e"); invalid UTF-8 becomes U+FFFD.
std::string terminal_safe(std::string_view text, LineBreaks breaks = LineBreaks::keep);

// --- message quoting: a value read from a file, shown inside a one-line message ---

/// The characters of a value a message shows before it cuts the value short.
inline constexpr std::size_t kQuotedValueMax = 80;

/// `text` in double quotes, safe on one terminal line: control characters, quotes, backslashes and invalid UTF-8
/// escaped (a newline shows as \n), and cut after `max_chars` characters with an ellipsis and the full size:
/// `"abc…" (3.0 MB)`.
std::string quote_value(std::string_view text, std::size_t max_chars = kQuotedValueMax);

/// `text` with the escapes quote_value uses (quotes and backslashes left as they are), whole: for text that is
/// already short but may hold raw bytes, such as a parser's own message.
std::string escape_controls(std::string_view text);

/// A byte count as a person reads it: "512 bytes", "12.3 KB", "3.0 MB".
std::string human_size(std::size_t bytes);

// --- Markdown table cell: names, paths and errors in a generated table ---

/// `text` as the content of one Markdown table cell that stays in its cell and shows as text: "|" is escaped,
/// "<" becomes "&lt;" (no raw HTML, comment or autolink takes effect), control characters (line breaks included)
/// become spaces, invalid UTF-8 becomes U+FFFD, and a bidi embedding, override or isolate shows as "[U+202E]".
/// Inline formatting such as **bold** is kept.
std::string markdown_cell(std::string_view text);

// --- HTML: element content and quoted attribute values ---

/// `text` made safe for HTML element content and for quoted attribute values alike: `& < > " '` become
/// character references, invalid UTF-8 and control characters (but tab and line breaks) become U+FFFD, and a
/// bidirectional embedding, override or isolate control becomes a visible "[U+202E]" so it cannot reorder what
/// a reader sees. Every piece of text that reaches an HTML report goes through this one function.
std::string html_escape(std::string_view text);

} // namespace parley::util
