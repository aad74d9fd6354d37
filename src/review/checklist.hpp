#pragma once
// Reads a design against the checklist of concerns.hpp: each concern covered, partial, absent or contradicted,
// with the sentences that decided it, aspect by aspect.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "review/concerns.hpp"
#include "review/phrase_match.hpp"
#include "review/sentences.hpp"
#include "review/text_lines.hpp"

namespace parley::review {

/// What the design does with a concern.
enum class ConcernStatus {
    covered,     ///< every aspect stated
    partial,     ///< some aspects stated, others not
    absent,      ///< no aspect stated
    contradicted ///< a statement undoes it, or a mechanism it relies on is broken
};

/// "covered", "partial", "absent" or "contradicted".
const char* to_string(ConcernStatus status);

/// The three-valued status of the first review JSON ("covered", "missing", "contradicted"): partial and absent
/// were both "missing" there, and the JSON's `status` field keeps that meaning for its readers.
const char* legacy_status(ConcernStatus status);

/// A quoted sentence (or list item, table row, code line) of the design, with its span: 1-based lines and
/// columns in characters, the end column one past the last character.
struct Evidence {
    std::size_t line = 0;
    std::string text;
    std::size_t column = 0;
    std::size_t end_line = 0;
    std::size_t end_column = 0;
};

/// One aspect of a concern as the design settles it.
struct AspectResult {
    std::string name;
    bool stated = false;
    std::vector<Evidence> evidence; ///< the sentences that state it (at most two)
};

/// The verdict on one concern.
struct ConcernResult {
    const Concern* concern = nullptr;
    ConcernStatus status = ConcernStatus::absent;
    std::vector<Evidence> evidence;           ///< the sentences that decided it (at most a few)
    std::vector<std::string> missing_aspects; ///< for "partial" and "absent": the aspects nothing states
    std::string reason;                       ///< for "contradicted": what undid it, in one line
    std::vector<AspectResult> aspects;        ///< every aspect, stated or not, with its own evidence
    std::string mechanism; ///< for a broken mechanism (mechanisms.hpp): its id, "check_then_act"; else empty
};

/// The verdict on every concern of the checklist, in checklist order.
std::vector<ConcernResult> check_concerns(const std::vector<TextLine>& lines);

/// The same, for a design already cut into sentences (`lines` are its source lines, for the columns).
std::vector<ConcernResult> check_concerns(const std::vector<TextLine>& lines, const std::vector<Sentence>& sentences);

/// `sentence` quoted as evidence, its columns counted in the source `lines`.
Evidence evidence_of(const Sentence& sentence, const std::vector<TextLine>& lines);

} // namespace parley::review
