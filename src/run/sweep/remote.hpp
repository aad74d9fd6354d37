#pragma once
// `parley sweep` on Redis: enqueue a sweep's jobs for workers, follow it, and read its status, results and dead
// letters back.

#include <string>

#include "run/sweep/options.hpp"

namespace parley::run {

/// What `parley sweep --redis` and its status, collect and redrive subcommands are asked to do.
struct RemoteSweepOptions {
    std::string redis_url;
    bool detach = false;    ///< enqueue and return at once
    std::string sweep_id;   ///< for status, collect and redrive
    std::string output_dir; ///< where collect writes; empty: sweeps/SWEEP_ID
    util::Verbosity verbosity = util::Verbosity::normal;
};

/// Enqueues every job of the sweep (jobs already there are not queued again), prints the sweep id, then, unless
/// detached, shows progress until every job is done or dead and collects the results. Returns 0 when every job is
/// done, 1 when some are dead, 2 for bad input or an unusable Redis.
[[nodiscard]] int enqueue_sweep(const SweepOptions& sweep, const RemoteSweepOptions& remote);

/// Prints the sweep's job counts and its dead jobs with their errors.
[[nodiscard]] int sweep_status(const RemoteSweepOptions& remote);

/// Writes every finished job's debate JSON and report, and the index (finished and dead jobs), into the output
/// folder. Returns 0 when every job of the sweep is done, 1 otherwise.
[[nodiscard]] int collect_sweep(const RemoteSweepOptions& remote);

/// Queues the sweep's dead jobs again.
[[nodiscard]] int redrive_sweep(const RemoteSweepOptions& remote);

} // namespace parley::run
