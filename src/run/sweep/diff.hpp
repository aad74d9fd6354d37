#pragma once
// `parley sweep diff OLD_DIR NEW_DIR`: the debates of two sweep folders paired by problem x config x seed and
// compared (report/run_diff.hpp), written as Markdown, HTML or CSV.

#include <string>

#include "run/report/diff.hpp"

namespace parley::run {

/// What `parley sweep diff` is asked to compare.
struct SweepDiffOptions {
    std::string old_dir;
    std::string new_dir;
    DiffOutput output;
};

/// Compares the two sweeps; returns the process exit code.
[[nodiscard]] int run_sweep_diff(const SweepDiffOptions& options);

} // namespace parley::run
