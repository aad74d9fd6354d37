#pragma once
// A diff of two runs (run_diff.hpp) as Markdown, self-contained HTML or CSV: the verdict (regressions, or none)
// first, then requirements, review flags, scores, cost, tokens and time per problem and in total, the debate's lift
// over its baseline, and the debates that had no partner.

#include <optional>
#include <string>

#include "report/run_diff.hpp"

namespace parley::report {

/// The formats a diff is written in.
enum class DiffFormat { markdown, html, csv };

/// The format for an output file name by its extension (.md, .markdown, .html, .csv, any case); nothing for another.
std::optional<DiffFormat> diff_format_for(const std::string& path);

/// The verdict in one line: "No regression in 3 pairs." or "2 regressions in 3 pairs."
std::string diff_verdict_line(const RunDiff& diff);

/// The diff rendered in `format`. Deterministic.
std::string render_run_diff(const RunDiff& diff, DiffFormat format);

} // namespace parley::report
