#pragma once
// A diff of two runs as a library call: `parley report --baseline OLD.json NEW.json` (two debates) and the part of
// `parley sweep diff` that loads each paired debate, renders the diff and picks the exit code.

#include <filesystem>
#include <string>

#include "report/run_diff.hpp"
#include "util/error.hpp"

namespace parley::run {

/// How a diff is written and whether a regression fails the process.
struct DiffOutput {
    std::string output_file; ///< -o FILE.md|.html|.csv; empty: Markdown on stdout
    bool fail_on_regression = false;
    bool quiet = false;
};

/// What `parley report --baseline` is asked to compare.
struct BaselineDiffOptions {
    std::string old_file;
    std::string new_file;
    DiffOutput output;
};

/// The two debates of a pair loaded (with their `parley.baseline`), named `label` and counted under `group`; a file
/// that is no debate, or two runs of different problems, is an error naming them (ErrorKind::invalid_input).
[[nodiscard]] Result<report::OutcomePair> load_pair(const std::filesystem::path& old_file,
                                                    const std::filesystem::path& new_file, std::string label,
                                                    std::string group);

/// Refuses an -o whose extension names no diff format (ErrorKind::invalid_input).
[[nodiscard]] Result<void> check_diff_output(const std::string& output_file);

/// Writes the diff and returns the exit code: exit_code::regression when asked to fail on one and there is one.
[[nodiscard]] int write_diff(const report::RunDiff& diff, const DiffOutput& output, std::string_view command);

/// Compares two debates; returns the process exit code.
[[nodiscard]] int run_baseline_diff(const BaselineDiffOptions& options);

} // namespace parley::run
