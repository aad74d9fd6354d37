#pragma once
// Finding the runs under a folder for `parley runs`: a bounded walk (depth, files, bytes) that reads every JSON file
// parley may have written and keeps what report::read_run recognises.

#include <cstddef>
#include <filesystem>

#include "report/run_index.hpp"

namespace parley::run {

/// How far a scan may go; past a limit it stops and says so in RunIndex::limits_hit.
struct ScanLimits {
    std::size_t max_depth = 8;                          ///< folders below the given one
    std::size_t max_files = 20'000;                     ///< entries looked at (files and folders)
    std::size_t max_file_bytes = 32u * 1024u * 1024u;   ///< a bigger JSON file is listed as not read
    std::size_t max_total_bytes = 512u * 1024u * 1024u; ///< bytes read in all
};

/// Every debate, evaluation and sweep under `folder`, newest first, with each run's report (and a sweep's comparison)
/// found beside it. Hidden folders and symbolic links are not followed; files not parley's are skipped silently.
report::RunIndex scan_runs(const std::filesystem::path& folder, const ScanLimits& limits = {});

} // namespace parley::run
