#pragma once
// Putting untrusted text (model answers, names, ids, prompts) into an HTML report so that it shows as text and
// can do nothing else.

#include <string>
#include <string_view>

namespace parley::report {

/// `text` made safe for HTML element content and for quoted attribute values alike: `& < > " '` become
/// character references, invalid UTF-8 and control characters (but tab and line breaks) become U+FFFD, and a
/// bidirectional embedding, override or isolate control becomes a visible "[U+202E]" so it cannot reorder what
/// a reader sees. Every piece of text that reaches an HTML report goes through this one function.
std::string html_escape(std::string_view text);

/// `text` as a fragment identifier made only of `[A-Za-z0-9_-]` (other bytes as `.XX` hex), so an agent id
/// can name an anchor without escaping; distinct texts give distinct ids.
std::string html_anchor(std::string_view text);

} // namespace parley::report
