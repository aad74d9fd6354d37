#pragma once
// Phrase matching over a design's sentences: the phrase syntax of concerns.hpp, the negation scope of a match,
// and a whole design indexed once so each phrase is searched in one pass.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "review/sentences.hpp"
#include "review/text_lines.hpp"

namespace parley::review {

/// One phrase found in a line.
struct PhraseMatch {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// True for the bytes words are made of in a lower-case text (letters, digits, '_', '\'', non-ASCII).
bool is_word_char(char c);

/// Every match of `phrase` (concerns.hpp syntax) in the lower-case `line`.
std::vector<PhraseMatch> find_phrase(std::string_view line, std::string_view phrase);

/// True when the words around [begin, end) of the lower-case `line` negate it: "no", "not", "never",
/// "without" shortly before in the same clause, or "disabled", "turned off", "not needed" shortly after.
/// "no more than" and "not only" are no negations.
bool is_negated(std::string_view line, std::size_t begin, std::size_t end);

/// The sentences of a design as one lower-case text, so each phrase is searched once over the whole design.
struct Document {
    const std::vector<TextLine>* lines = nullptr;
    const std::vector<Sentence>* sentences = nullptr;
    std::string lower;
    std::vector<std::size_t> starts; ///< offset of each sentence in `lower`
    /// Where words start, by their first two bytes: a phrase is compared only where a word starts as it does.
    std::unordered_map<std::uint16_t, std::vector<std::size_t>> word_starts;
};

/// The document of `sentences` (headings blanked: they settle nothing). Both vectors must outlive it.
Document make_document(const std::vector<TextLine>& lines, const std::vector<Sentence>& sentences);

/// One match: the index of its sentence and its offsets in that sentence's `lower`.
struct LineMatch {
    std::size_t index = 0;
    PhraseMatch match;
};

/// Every match of `phrase` in the document, in text order.
std::vector<LineMatch> find_in_document(const Document& doc, std::string_view phrase);

/// The lower-case text of sentence `index`, as the document holds it (blank for a heading).
std::string_view sentence_lower(const Document& doc, std::size_t index);

} // namespace parley::review
