#pragma once
// What `parley sweep` is asked to do: the sweep file, the flags that override it, and where results go.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/logging.hpp"
#include "util/path_clash.hpp"

namespace parley::run {

/// The options of a sweep; flags fill it. A non-empty override replaces the sweep file's list.
struct SweepOptions {
    std::string sweep_file;              ///< empty: problems and configs come from the flags alone
    std::vector<std::string> problems;   ///< overrides the file's `problems`
    std::vector<std::string> configs;    ///< overrides the file's `configs`
    std::vector<std::uint64_t> seeds;    ///< overrides the file's `seeds`
    std::optional<std::string> eval;     ///< overrides the file's `eval`
    std::optional<std::string> design;   ///< overrides the file's top-level `design` (per-problem designs stay)
    std::optional<std::string> baseline; ///< overrides the file's `baseline` ("vote", or "" for none)
    std::string output_dir;              ///< empty: sweeps/SWEEP_ID
    bool dry_run = false;
    bool preflight = true;  ///< check every provider endpoint before the first call (off: --no-preflight)
    bool chat_check = true; ///< the preflight sends each model one tiny chat call too (off: --no-chat-check)
    std::string env_file = ".env";
    bool env_file_required = false;
    util::Verbosity verbosity = util::Verbosity::normal;
    std::string log_file;
};

/// The files a sweep reads, and the log it writes, for the check that no output overwrites an input.
inline util::CommandPaths sweep_paths(const SweepOptions& o) {
    util::CommandPaths paths{{{"the sweep file", o.sweep_file}, {"--env-file", o.env_file}},
                             {{"--log-file", o.log_file}}};
    for (const auto& problem : o.problems) {
        paths.inputs.push_back({"-p", problem});
    }
    for (const auto& config : o.configs) {
        paths.inputs.push_back({"-c", config});
    }
    paths.inputs.push_back({"--eval", o.eval.value_or("")});
    return paths;
}

} // namespace parley::run
