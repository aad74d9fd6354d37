#pragma once
// The sweep file: which problems, configs, seeds and eval config a sweep crosses, as the user wrote it.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace parley::sweep {

/// The largest sweep file read, in bytes.
inline constexpr std::size_t kMaxSweepFileBytes = 1024 * 1024;

/// The most jobs (problems x configs x seeds) one sweep may hold.
inline constexpr std::size_t kMaxJobs = 10'000;

/// What a sweep crosses. Paths are as given, or resolved against the sweep file's folder when read from one.
struct SweepFile {
    std::vector<std::string> problems; ///< problem files, or folders of *.md files
    std::vector<std::string> configs;  ///< debate config files
    std::vector<std::uint64_t> seeds;  ///< empty: the one seed 0
    std::optional<std::string> eval;   ///< an eval config applied to every debate
    std::optional<std::string> design; ///< a design every problem's debates review (`--design`), unless it has its own
    std::string baseline; ///< "vote": every debate runs its equal-cost baseline (`--baseline vote`); "" none
    /// Problems given as {"problem": P, "design": D}: P (as in `problems`) -> D, the design its debates review
    std::map<std::string, std::string> problem_designs;

    /// The design the debates of problem entry `problem` review: its own, else the sweep's; none for a plain debate.
    std::optional<std::string> design_for(const std::string& problem) const;
};

/// Parses sweep file text: `problems` (a non-empty array of strings, or of {"problem", "design"} objects) and
/// `configs` (a non-empty array of strings), optional `seeds` (integers), `eval` and `design` (strings). Relative paths
/// are resolved against `base_dir`. Errors name the file, line and JSON path (ErrorKind::config).
[[nodiscard]] Result<SweepFile> parse_sweep_file(std::string_view text, const std::string& source,
                                                 const std::filesystem::path& base_dir);

/// Reads and parses a sweep file.
[[nodiscard]] Result<SweepFile> load_sweep_file(const std::filesystem::path& path);

} // namespace parley::sweep
