#pragma once
// Which debates of two sweep folders are the same job run twice: rows of the two indexes (sweep.json) paired by
// problem x config x seed, and the rows that have no partner (or no finished debate) named, never dropped.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace parley::sweep {

/// The largest sweep index a diff reads (10,000 rows of a few hundred bytes each fit with room to spare).
inline constexpr std::size_t kMaxIndexBytes = 64u * 1024u * 1024u;

/// A problem x config x seed, as a sweep's index names it.
struct JobKey {
    std::string problem; ///< the problem's file name
    std::string config;  ///< the config's file name
    std::uint64_t seed = 0;
};

/// "problem.md · config.json · seed 1".
std::string to_string(const JobKey& key);

/// One job present and finished in both sweeps: where each side's debate JSON is.
struct PairedJob {
    JobKey key;
    std::filesystem::path old_json;
    std::filesystem::path new_json;
};

/// A job that cannot be compared, and why ("only in OLD", "failed in NEW", ...).
struct UnpairedJob {
    JobKey key;
    std::string reason;
};

/// The two sweeps' jobs paired, in the old index's order (then the new one's jobs that the old lacks).
struct SweepPairing {
    std::vector<PairedJob> pairs;
    std::vector<UnpairedJob> unpaired;
};

/// Reads `old_dir`/sweep.json and `new_dir`/sweep.json and pairs their rows. A missing folder or index, a malformed
/// row, a debate path that leaves its folder, or two sweeps that share no job is ErrorKind::invalid_input with one
/// line naming the folder.
[[nodiscard]] Result<SweepPairing> pair_sweeps(const std::filesystem::path& old_dir,
                                               const std::filesystem::path& new_dir);

} // namespace parley::sweep
