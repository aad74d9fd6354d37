#pragma once
// `parley worker`: takes a sweep's jobs from Redis and runs their debates here, with the calls every worker
// finished kept in Redis and one rate limit shared by all workers.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "run/sweep/worker_trust.hpp"
#include "util/logging.hpp"

namespace parley::run {

/// What a worker is asked to do.
struct WorkerOptions {
    std::string redis_url;
    std::size_t debates = 1;                      ///< debates run at once
    std::chrono::seconds lease{30};               ///< a job not renewed for this long goes to another worker
    std::optional<std::chrono::seconds> max_idle; ///< exit once no job came for this long; none: run until stopped
    std::string work_dir = "parley-worker";       ///< the worker's journal of runs and its copies of debate files
    bool preflight = true;                        ///< check a job's endpoints before running it (off: --no-preflight)
    bool chat_check = true; ///< the preflight sends each model one tiny chat call too (off: --no-chat-check)
    std::string env_file = ".env";
    bool env_file_required = false;
    util::Verbosity verbosity = util::Verbosity::normal;
    std::string log_file;
    WorkerTrust trust; ///< what jobs may call; the signing key comes from the environment (PARLEY_SWEEP_SIGNING_KEY)
};

/// Runs jobs until stopped (Ctrl-C: running debates end, their jobs go back to the queue) or idle for max_idle;
/// returns the exit code (0, 2 for a bad URL or password, a missing signing key or an unreadable allowlist, 1 when
/// Redis stays unreachable, 130 after Ctrl-C). A job that is unsigned, not its sweep's, or calls what the worker
/// does not allow goes to the dead letters with its reason, and the worker carries on.
[[nodiscard]] int run_worker(const WorkerOptions& options);

} // namespace parley::run
