#pragma once
// `parley debate` and `parley resume` as library calls: a batch of debates on one run session.

#include "run/debate/options.hpp"

namespace parley::run {

/// Runs one debate per problem on one session, writes each debate's JSON and report, and prints where (or what
/// failed and how to resume). Returns the process exit code: the first failure's, or 130 after Ctrl-C.
[[nodiscard]] int run_debates(const DebateOptions& options);

/// Continues a run of the journal with the options its record keeps; returns the process exit code.
[[nodiscard]] int resume_debate(const ResumeOptions& options);

} // namespace parley::run
