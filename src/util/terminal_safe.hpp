#pragma once
// The one place untrusted text (provider answers and errors, file contents, config values) is made harmless
// before it reaches a terminal: stderr lines, log lines, the progress display, reports written to stdout.

#include <string>
#include <string_view>

namespace parley::util {

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

} // namespace parley::util
