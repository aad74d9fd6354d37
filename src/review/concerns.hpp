#pragma once
// The checklist of what a task-queue design must settle. Every concern's rule lives in concerns.cpp, in one
// table: the aspects that cover it (each a list of phrases, all aspects needed), the phrases that contradict
// it, and the claims that need backing elsewhere in the design.

#include <string_view>
#include <vector>

namespace parley::review {

/// One part of a concern, covered when any of its phrases appears and is not negated.
struct Aspect {
    std::string_view name;
    std::vector<std::string_view> phrases;
};

/// A claim that contradicts the concern unless one of the backing phrases appears somewhere in the design.
struct Claim {
    std::vector<std::string_view> phrases;
    std::vector<std::string_view> backing;
    std::string_view why; ///< shown with the evidence: "exactly-once claimed without deduplication"
};

/// One concern of the checklist.
///
/// Phrase syntax (lower case): a phrase matches at the start of a word; a trailing `$` also requires the end of
/// a word ("cap$" does not match "capacity"); `A...B` matches A and later B on the same line.
struct Concern {
    std::string_view id;
    std::string_view title;
    std::vector<Aspect> aspects;                     ///< all needed for "covered"
    std::vector<std::string_view> contradictions;    ///< any, not negated, makes it "contradicted"
    std::vector<Claim> claims;                       ///< claims that need backing
    std::vector<std::string_view> requirement_words; ///< words in a problem's requirement that bear on it
    bool negation_contradicts = true; ///< "no <aspect phrase>" contradicts (false where declining is a choice)
};

/// The checklist, in report order.
const std::vector<Concern>& concerns();

/// The concern with id `id`, or nullptr.
const Concern* find_concern(std::string_view id);

} // namespace parley::review
