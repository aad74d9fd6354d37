#pragma once
// Reads a design against the checklist of concerns.hpp: each concern covered, missing or contradicted, with
// the lines that decided it.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "review/concerns.hpp"
#include "review/text_lines.hpp"

namespace parley::review {

/// What the design does with a concern.
enum class ConcernStatus { covered, missing, contradicted };

/// "covered", "missing" or "contradicted".
const char* to_string(ConcernStatus status);

/// A quoted line of the design.
struct Evidence {
    std::size_t line = 0;
    std::string text;
};

/// The verdict on one concern.
struct ConcernResult {
    const Concern* concern = nullptr;
    ConcernStatus status = ConcernStatus::missing;
    std::vector<Evidence> evidence;           ///< the lines that decided it (at most a few)
    std::vector<std::string> missing_aspects; ///< for "missing": the aspects nothing covers
    std::string reason;                       ///< for "contradicted": what undid it
};

/// One phrase found in a line.
struct PhraseMatch {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// Every match of `phrase` (concerns.hpp syntax) in the lower-case `line`.
std::vector<PhraseMatch> find_phrase(std::string_view line, std::string_view phrase);

/// True when the words around [begin, end) of the lower-case `line` negate it: "no", "not", "never",
/// "without" shortly before in the same clause, or "disabled", "turned off", "not needed" shortly after.
/// "no more than" and "not only" are no negations.
bool is_negated(std::string_view line, std::size_t begin, std::size_t end);

/// The verdict on every concern of the checklist, in checklist order.
std::vector<ConcernResult> check_concerns(const std::vector<TextLine>& lines);

} // namespace parley::review
