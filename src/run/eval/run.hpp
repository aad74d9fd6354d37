#pragma once
// `parley eval` as a library call: a panel scores a document (or compares two) on a run session.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/logging.hpp"

namespace parley::run {

/// What `parley eval` is asked to do.
struct EvalOptions {
    std::string config_file;          ///< empty: the built-in offline panel
    std::string debate_file;          ///< -d: a saved debate (parley's or dialectic's)
    std::string design_file;          ///< a design document (Markdown or text), or a debate JSON
    std::string problem_file;         ///< the problem a design document answers
    std::vector<std::string> compare; ///< two debates or designs to compare
    std::string output_file;          ///< .json, .md or .csv; empty: Markdown on stdout
    int samples = 1;
    bool keep_unsupported = false;
    std::string env_file = ".env";
    bool env_file_required = false;
    util::Verbosity verbosity = util::Verbosity::normal;
    std::string log_file;
    std::string journal_file; ///< empty: debates/journal.sqlite
    std::string replay_file;  ///< run entirely from this journal, with no network
    bool cache = false;
    std::string cache_dir; ///< --cache-dir: the shared cache's folder (implies cache); empty: the user's
    std::optional<double> max_cost_usd;
    std::optional<long> max_tokens;
    bool dry_run = false;
    bool preflight = true;  ///< check every evaluator's endpoint before the first call (off: --no-preflight)
    bool chat_check = true; ///< the preflight sends each model one tiny chat call too (off: --no-chat-check)
    std::uint64_t seed = 0; ///< the offline panel's seed
};

/// The most samples --samples takes.
inline constexpr int kMaxSamples = 100;

/// Runs the evaluation and writes or prints its result; returns the process exit code.
[[nodiscard]] int run_eval(const EvalOptions& options);

} // namespace parley::run
