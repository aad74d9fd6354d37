#pragma once
// What `parley sweep` is asked to do: the sweep file, the flags that override it, and where results go.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/logging.hpp"

namespace parley::run {

/// The options of a sweep; flags fill it. A non-empty override replaces the sweep file's list.
struct SweepOptions {
    std::string sweep_file;            ///< empty: problems and configs come from the flags alone
    std::vector<std::string> problems; ///< overrides the file's `problems`
    std::vector<std::string> configs;  ///< overrides the file's `configs`
    std::vector<std::uint64_t> seeds;  ///< overrides the file's `seeds`
    std::optional<std::string> eval;   ///< overrides the file's `eval`
    std::string output_dir;            ///< empty: sweeps/SWEEP_ID
    bool dry_run = false;
    bool preflight = true; ///< check every provider endpoint before the first call (off: --no-preflight)
    std::string env_file = ".env";
    bool env_file_required = false;
    util::Verbosity verbosity = util::Verbosity::normal;
    std::string log_file;
};

} // namespace parley::run
