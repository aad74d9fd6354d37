#pragma once
// A design cut into the units a reviewer quotes: sentences of prose (one-paragraph answers included), list
// items, table rows, code lines and headings, each with the span it covers in the text. Evidence is one of
// these, never a whole paragraph.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "review/text_lines.hpp"

namespace parley::review {

/// What a unit of text is.
enum class SentenceKind { prose, list_item, table_row, code, heading };

/// "prose", "list_item", "table_row", "code" or "heading".
const char* to_string(SentenceKind kind);

/// Where a unit sits: 1-based lines, byte offsets into those lines' cleaned text (end exclusive).
struct Span {
    std::size_t line = 0;
    std::size_t begin = 0;
    std::size_t end_line = 0;
    std::size_t end = 0;
};

/// One quotable unit of a design.
struct Sentence {
    SentenceKind kind = SentenceKind::prose;
    Span span;
    std::string text; ///< as written (wrapped lines joined by one space), list and quote markers removed
    /// What the phrase matching reads: `text` lowered, emphasis marks as spaces, then (after " ; ") the same text
    /// with identifiers split into words (`visibilityTimeout`, `acks_late` → "visibility timeout", "acks late")
    /// and what code states in passing (`retryWithBackoff(fn, 3)` → "max attempts 3").
    std::string lower;
};

/// The units of `lines`, in text order. Headings are kept (kind heading) so callers can skip them; fence lines,
/// table separator rows and blank lines are not units. Linear in the size of the text.
std::vector<Sentence> split_sentences(const std::vector<TextLine>& lines);

/// The 1-based column (in characters) of byte `offset` of `text`.
std::size_t column_of(std::string_view text, std::size_t offset);

} // namespace parley::review
