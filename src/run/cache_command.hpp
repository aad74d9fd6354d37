#pragma once
// `parley cache stats|clear` as library calls: what the shared cache holds, and emptying it.

#include <string>

namespace parley::run {

/// What `parley cache` is asked to do.
struct CacheCommandOptions {
    std::string cache_dir; ///< --cache-dir; empty: the user's cache folder
    bool quiet = false;    ///< -q: clear says nothing
};

/// Prints the cache's file, its calls, tokens and answer bytes, its oldest and newest call and its limit; a cache
/// no run has made yet is reported empty, not created. Returns the exit code.
[[nodiscard]] int run_cache_stats(const CacheCommandOptions& options);

/// Removes every call from the cache (a damaged cache file is moved aside to start afresh). Returns the exit code.
[[nodiscard]] int run_cache_clear(const CacheCommandOptions& options);

} // namespace parley::run
