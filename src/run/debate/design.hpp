#pragma once
// The design a design-review debate attacks (`parley debate --design DESIGN.md`), and the problem it is measured
// against when no problem is given.

#include <string>

#include "debate/debate_state.hpp"
#include "run/debate/options.hpp"
#include "run/problems.hpp"

namespace parley::run {

/// The design `options` names: read from options.design_file (a Markdown or text design, or a debate JSON whose
/// final solution is the design), or, on a resume, the text its run recorded (options.design_text), so a design
/// edited since does not change the prompts of the run being continued. Errors name the file
/// (ErrorKind::invalid_input).
[[nodiscard]] Result<debate::GivenDesign> load_given_design(const DebateOptions& options);

/// The problem of a design review without -p: "review this design", with the requirements the design states under a
/// requirements (goals, constraints, SLOs) heading, or saying it states none. Labelled by the design's file name.
Problem review_problem(const debate::GivenDesign& design);

} // namespace parley::run
