#pragma once
// What a sweep worker lets a job do, decided by the worker alone: Redis is no authority. A job may call only the
// endpoints (each with its one key variable) the worker's own configs and --allow entries name, and must be the job
// its entry says it is.

#include <optional>
#include <string>
#include <vector>

#include "redis/jobs.hpp"
#include "run/endpoint_allowlist.hpp"
#include "sweep/job.hpp"
#include "util/env.hpp"
#include "util/error.hpp"

namespace parley::run {

/// Where a worker's allowlist comes from: its command line.
struct WorkerTrust {
    std::vector<std::string> configs;      ///< debate configs: every agent's and the judge's endpoint (--config)
    std::vector<std::string> eval_configs; ///< eval configs: every evaluator's endpoint (--eval)
    std::vector<std::string> allow;        ///< "URL" or "URL=KEY_VARIABLE" entries (--allow)
};

/// The allowlist `trust` describes, endpoints resolved as `env` resolves them; a config that cannot be read or an
/// entry that cannot be parsed is its one-line error (exit 2). Nothing given: only the offline provider.
[[nodiscard]] Result<EndpointAllowlist> worker_allowlist(const WorkerTrust& trust, const util::Env& env);

/// Why the worker must not run `job`, claimed under `lease`, as one line for the dead letters: its payload names
/// another job than its entry, or it would call an endpoint or send a key variable `allowed` does not allow (or
/// the signing key's, which no endpoint may receive). None when it may run.
std::optional<std::string> job_refusal(const sweep::SweepJob& job, const sweep::JobLease& lease,
                                       const EndpointAllowlist& allowed, const util::Env& env);

} // namespace parley::run
