#pragma once
// `parley review` as a library call: the deterministic task-queue design review, printed or written as JSON or
// Markdown.

#include <string>

namespace parley::run {

/// What `parley review` is asked to do.
struct ReviewCommandOptions {
    std::string design_file;
    std::string problem_file; ///< empty: no requirements mapping
    std::string output_file;  ///< empty: Markdown on stdout; else FILE.json or FILE.md
    bool quiet = false;       ///< -q: no "review: FILE" line after writing the file
};

/// Reviews a design and prints or writes the review; 0 when it could review, 2 for bad input.
[[nodiscard]] int run_review(const ReviewCommandOptions& options);

} // namespace parley::run
