#pragma once
// `parley sweep` in this process: every job of the matrix as a debate on one run session.

#include "run/sweep/options.hpp"

namespace parley::run {

/// The most debates of a sweep run at once in this process; the engine's workers bound the calls in flight.
inline constexpr std::size_t kSweepDebatesAtOnce = 16;

/// Runs the sweep (or, with dry_run, prints its matrix, calls and cost range), writes each debate's JSON and
/// report and the sweep index into the output folder, and returns the exit code: the first failure's, or 130.
[[nodiscard]] int run_sweep(const SweepOptions& options);

} // namespace parley::run
