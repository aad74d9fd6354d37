#pragma once
// What a run record keeps so the run can be continued: the options of its debate, and the command that
// restarts it by hand.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "debate/debate_state.hpp"
#include "run/debate/options.hpp"
#include "run/problems.hpp"
#include "store/journal.hpp"

namespace parley::run {

/// The options that run `problem` again as `options` ran it, with every path made absolute: what a run record
/// keeps under state["options"]. A design review keeps its design's path, text and hash, and whether a problem was
/// given.
nlohmann::json resume_state(const DebateOptions& options, const Problem& problem,
                            const std::optional<debate::GivenDesign>& design = std::nullopt);

/// The `parley debate` arguments that run `problem` again, kept beside the options for people and older builds.
std::vector<std::string> resume_command_line(const DebateOptions& options, const Problem& problem);

/// The options that continue `run`: from state["options"], or from the command line of a run recorded by an
/// older build. A record with neither is an io error naming it.
[[nodiscard]] Result<DebateOptions> options_of_run(const store::RunRecord& run);

/// The options that continue run `resume.run_id` of its journal (default debates/journal.sqlite).
[[nodiscard]] Result<DebateOptions> resume_options(const ResumeOptions& resume);

} // namespace parley::run
