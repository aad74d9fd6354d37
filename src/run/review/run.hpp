#pragma once
// `parley review` as a library call: the deterministic task-queue design review, printed or written as JSON or
// Markdown, with an optional model panel beside it (run/review/panel.hpp).

#include <optional>
#include <string>

#include "util/logging.hpp"

namespace parley::run {

/// What `parley review` is asked to do.
struct ReviewCommandOptions {
    std::string design_file;
    std::string problem_file; ///< empty: no requirements mapping
    std::string output_file;  ///< empty: Markdown on stdout; else FILE.json or FILE.md
    bool quiet = false;       ///< -q: no "review: FILE" line after writing the file
    std::string panel_file;   ///< --panel: an eval config whose evaluators review beside the rules; empty: none
    std::string env_file = ".env";
    bool env_file_required = false;
    std::string journal_file; ///< empty: debates/journal.sqlite
    std::string replay_file;  ///< run the panel entirely from this journal, with no network
    bool cache = false;
    std::string cache_dir; ///< --cache-dir: the shared cache's folder (implies cache); empty: the user's
    std::optional<double> max_cost_usd;
    std::optional<long> max_tokens;
    util::Verbosity verbosity = util::Verbosity::normal;
};

/// Reviews a design and prints or writes the review; 0 when it could review, 1 when the panel's calls all failed,
/// 2 for bad input, 3 when a provider refused, 130 when interrupted.
[[nodiscard]] int run_review(const ReviewCommandOptions& options);

} // namespace parley::run
