#pragma once
// What a design-review debate (`parley debate --design`) found, first thing in its report: parley's rule-based review
// of the design as given beside the review of the final design (what the debate fixed, left and introduced), then
// the judge's decision, its reasons and the changes as a list a team can act on. One model the Markdown and HTML
// reports render.

#include <optional>
#include <string>
#include <vector>

#include "debate/debate_state.hpp"
#include "review/flags.hpp"

namespace parley::report {

/// The review of a given design and of the design the debate ended with.
struct DesignVerdict {
    std::string path;          ///< the design's path as given
    std::string sha256;        ///< of its text
    bool problem_given = true; ///< false: no -p; the problem was "review this design"
    bool reviewed = false;     ///< parley's task-queue review applies (the problem or the design is a task queue)
    bool final_design = false; ///< the judge wrote a final design (a usable answer)
    std::vector<review::Flag> before; ///< flags of the design as given
    review::FlagComparison after;     ///< flags of the final design against those
    std::string decision;             ///< accept, accept with changes, reject; "unknown" without a usable answer
    std::vector<std::string> reasons;
    std::vector<debate::DesignChange> changes;
};

/// The verdict of a design-review debate; none for a debate from scratch.
std::optional<DesignVerdict> build_design_verdict(const debate::DebateState& state);

/// The verdict as Markdown: a "Design review" section with a heading of `level`.
std::string design_verdict_markdown(const DesignVerdict& verdict, int level);

/// The verdict as an HTML section (id "design-review").
std::string design_verdict_html(const DesignVerdict& verdict);

} // namespace parley::report
