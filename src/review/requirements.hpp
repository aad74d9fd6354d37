#pragma once
// A problem's requirements mapped onto a design's review: which concerns and numbers bear on each, and
// whether the design addresses it.

#include <cstddef>
#include <string>
#include <vector>

#include "review/capacity.hpp"
#include "review/checklist.hpp"
#include "review/text_lines.hpp"

namespace parley::review {

/// One requirement of the problem and the design's answer to it.
struct RequirementResult {
    std::size_t line = 0; ///< in the problem
    std::string text;
    bool addressed = false;
    std::vector<std::string> concerns;      ///< ids of the concerns it bears on
    std::vector<std::string> numbers;       ///< its quantities, as written
    std::vector<std::string> unmet_numbers; ///< its quantities the design never states
    std::string reason;                     ///< why it is unaddressed
};

/// The requirements of a problem: its bullet and numbered lines (questions excepted) and its sentences with
/// must, should, need or required.
std::vector<TextLine> requirement_lines(const std::vector<TextLine>& problem);

/// Maps each requirement of `problem` onto the design: addressed when every concern it bears on is covered,
/// every number it states appears in the design, and (when it bears on neither) most of its words do.
std::vector<RequirementResult> map_requirements(const std::vector<TextLine>& problem,
                                                const std::vector<TextLine>& design,
                                                const std::vector<ConcernResult>& checklist,
                                                const CapacityReview& capacity);

} // namespace parley::review
