#pragma once
// What a review flags in a design, one finding per line with a stable key, so two versions of a design can be
// compared (what a debate fixed, what it left, what it introduced) and each finding becomes a change a team can act
// on. `parley debate --design` reports them; the offline provider critiques and decides from them.

#include <cstddef>
#include <string>
#include <vector>

#include "review/review.hpp"

namespace parley::review {

/// How serious a flag is.
enum class FlagKind {
    broken,       ///< a contradicted concern (a broken mechanism, or a statement that undoes it)
    wrong_number, ///< a capacity check whose arithmetic is wrong
    unaddressed,  ///< a requirement of the problem the design does not address
    open_concern, ///< a checklist concern the problem asks for, absent or partial
};

/// "broken", "wrong number", "unaddressed requirement" or "open concern".
const char* to_string(FlagKind kind);

/// One finding of a review.
struct Flag {
    std::string key; ///< the same for the same finding in two versions of a design ("concern:ack", ...)
    FlagKind kind = FlagKind::open_concern;
    std::string title;   ///< what it is about: a concern's title, a requirement, a capacity statement
    std::string finding; ///< what the review found, in one line (with the line and quote where there is one)
    std::string change;  ///< the change that clears it, in one actionable line
    /// For a concern: a statement of the checklist's own mechanism for each unsettled aspect, which clears it when
    /// added to the design (and the lines that break it removed); empty for numbers and requirements, which need
    /// a person's (or a model's) design.
    std::string settlement;
    std::vector<std::size_t> breaking_lines; ///< for a contradicted concern: the design lines that undo it
};

/// The flags of `review`, most serious first (broken, wrong numbers, unaddressed requirements, open concerns),
/// each kind in checklist or document order. An absent or partial concern the problem does not ask for
/// (problem_asks_for) is no flag.
std::vector<Flag> review_flags(const Review& review);

/// Flags of a design before and after a change, matched by key.
struct FlagComparison {
    std::vector<Flag> fixed;      ///< flagged before, not after
    std::vector<Flag> left;       ///< flagged both times (as found after)
    std::vector<Flag> introduced; ///< flagged after only
};

/// Compares the flags of two reviews of one design.
FlagComparison compare_flags(const std::vector<Flag>& before, const std::vector<Flag>& after);

/// `design` with the settlements of `flags` applied: the lines that break a settled concern removed, and one
/// "## Changes made in review" section stating each settlement. Flags without a settlement are left as they are.
std::string apply_settlements(const std::string& design, const std::vector<Flag>& flags);

} // namespace parley::review
