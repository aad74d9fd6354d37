#pragma once
// A sweep's jobs in Redis Streams: one stream that every worker reads through one consumer group, jobs held under
// leases that a worker renews while it runs them and that another worker takes over once they lapse, a dead-letter
// stream for jobs that fail for good, and per-sweep hashes of job states and results. Payloads and results are
// opaque strings (JSON by convention): this layer knows nothing about debates. Redis is not trusted: every entry is
// signed when enqueued and checked when claimed (job_signature.hpp), and only the one entry the sweep itself wrote
// for a job is run; any other is dead-lettered as a stray, never run or counted.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redis/connection.hpp"
#include "util/error.hpp"

namespace parley::sweep {

/// One job to enqueue: an id unique within its sweep and what the worker needs to run it.
struct JobSpec {
    std::string id;
    std::string payload;
};

/// A job a worker holds: it must renew() well within the lease and end with complete() or fail().
struct JobLease {
    std::string sweep_id;
    std::string job_id;
    std::string payload;
    std::string entry_id;  ///< the stream entry it came from
    std::string consumer;  ///< the worker holding it
    int deliveries = 1;    ///< how many times the job has been handed out, this time included
    std::string signature; ///< the entry's signature, carried to the entry it is queued again as
};

/// How far a sweep has got, counted by job.
struct SweepCounts {
    std::size_t total = 0;
    std::size_t queued = 0;  ///< waiting for a worker
    std::size_t running = 0; ///< held by a worker (or by one that died, until its lease lapses)
    std::size_t done = 0;
    std::size_t dead = 0; ///< failed for good; redrive() queues them again

    /// True when no job is queued or running.
    [[nodiscard]] bool finished() const { return queued == 0 && running == 0; }
};

/// A job that failed for good, as the dead-letter stream keeps it.
struct DeadJob {
    std::string sweep_id;
    std::string job_id;
    std::string error; ///< one line: why it failed
    int deliveries = 0;
    std::string payload;
    std::string entry_id; ///< its entry in the dead-letter stream
    /// An entry that was not the sweep's own entry for its job (a copy, or written by something other than
    /// `parley sweep`): refused without being counted, and never re-driven.
    bool stray = false;
};

/// What complete() did.
enum class CompleteOutcome {
    completed,    ///< the result was stored and the job is done
    already_done, ///< another holder finished it first (its lease had lapsed); this result was dropped
};

/// What fail() did.
enum class FailOutcome {
    requeued,    ///< handed out again to the next worker
    dead_letter, ///< moved to the dead-letter stream
    not_held,    ///< the job was no longer this lease's (taken over, or already ended): nothing changed
};

/// Where the queue keeps its keys and how it treats leases.
struct JobQueueOptions {
    std::string prefix = "parley"; ///< every key starts with "<prefix>:"
    /// A job whose holder has not renewed for this long is handed to another worker.
    std::chrono::milliseconds lease{30000};
    int max_deliveries = 3; ///< a job handed out this many times without finishing goes to the dead letters
    /// The key jobs are signed with on enqueue and checked with on claim (signing_key()); enqueue and claim refuse
    /// to work without one. Status, results, dead letters and redrive need none.
    std::string signing_key;
};

/// The job queue of every sweep under one prefix of one Redis database. Each call is one or a few round trips and
/// is safe to repeat after a lost connection. Shares its connection's thread rules (one call at a time per
/// connection; give each thread its own queue or accept that calls wait for each other).
class RedisJobQueue {
public:
    /// The layout this build reads and writes; a database holding another one is refused.
    static constexpr int kFormatVersion = 2;

    /// Opens the queue: writes the format marker and creates the consumer group when missing, and refuses data of
    /// another format (ErrorKind::config: one line naming the formats and what to do).
    [[nodiscard]] static Result<RedisJobQueue> open(std::shared_ptr<RedisConnection> connection,
                                                    JobQueueOptions options = {});

    /// Adds `jobs` to `sweep_id` (ids must be unique within it), each entry signed; a job id already enqueued keeps
    /// its first payload and is not queued again, so enqueueing a sweep twice is harmless. Returns how many were new.
    /// ErrorKind::config without a signing key, or when a key of the sweep holds another type than parley's.
    [[nodiscard]] Result<std::size_t> enqueue(std::string_view sweep_id, const std::vector<JobSpec>& jobs);

    /// Takes the next job for `consumer`: one whose lease lapsed first, else a new one, waiting up to `block` for
    /// one to arrive (held below the connection's command timeout). On the way, entries that cannot be run go to the
    /// dead letters with their reason: malformed ones, unsigned or wrongly signed ones, ones handed out
    /// max_deliveries times, and strays (not the entry the sweep wrote for that job: counted nowhere).
    /// nullopt when nothing came within `block`; ErrorKind::config without a signing key.
    [[nodiscard]] Result<std::optional<JobLease>> claim(std::string_view consumer, std::chrono::milliseconds block);

    /// Extends the lease; false when the job is no longer this lease's (it lapsed and another worker took it, or
    /// it ended): the holder should stop working on it.
    [[nodiscard]] Result<bool> renew(const JobLease& lease);

    /// Stores the job's result and ends it.
    [[nodiscard]] Result<CompleteOutcome> complete(const JobLease& lease, std::string_view result);

    /// Ends an attempt that failed with `error` (one line): queued again while deliveries remain, else (or when
    /// `permanent`) moved to the dead letters.
    [[nodiscard]] Result<FailOutcome> fail(const JobLease& lease, std::string_view error, bool permanent);

    /// Queues every dead job of `sweep_id` again with fresh deliveries; returns how many.
    [[nodiscard]] Result<std::size_t> redrive(std::string_view sweep_id);

    /// The sweep's job counts; all zero for a sweep never enqueued.
    [[nodiscard]] Result<SweepCounts> status(std::string_view sweep_id);

    /// Every job the sweep enqueued, as (job id, payload), ordered by job id.
    [[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> jobs(std::string_view sweep_id);

    /// Every finished job's result, as (job id, result), ordered by job id.
    [[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> results(std::string_view sweep_id);

    /// The sweep's dead jobs and refused strays, oldest first.
    [[nodiscard]] Result<std::vector<DeadJob>> dead_letters(std::string_view sweep_id);

    /// The ids of every sweep ever enqueued under this prefix, sorted.
    [[nodiscard]] Result<std::vector<std::string>> sweeps();

    /// The options it runs with.
    const JobQueueOptions& options() const { return options_; }

    /// The key of the job stream (for tests and diagnostics).
    std::string stream_key() const { return options_.prefix + ":jobs"; }

private:
    RedisJobQueue(std::shared_ptr<RedisConnection> connection, JobQueueOptions options)
        : connection_(std::move(connection)), options_(std::move(options)) {}

    /// Writes the format marker and makes the stream and its group when missing; refuses another format.
    Result<void> prepare();
    std::string key(std::string_view name) const { return options_.prefix + ":" + std::string(name); }
    std::string sweep_key(std::string_view sweep_id, std::string_view name) const;
    /// Reads one stream entry handed to `consumer` into a lease, or buries it when it cannot be run.
    Result<std::optional<JobLease>> accept(const RedisReply& entry, std::string_view consumer, int deliveries);
    /// Why the entry may not run, before asking Redis whether it is its sweep's own: "" when nothing is wrong.
    std::string entry_problem(const std::map<std::string, std::string>& fields, const JobLease& lease,
                              const std::optional<int>& prior) const;

    std::shared_ptr<RedisConnection> connection_;
    JobQueueOptions options_;
};

/// Checks a sweep id before it becomes part of Redis keys: 1 to 64 of [A-Za-z0-9._-] (ErrorKind::invalid_input).
[[nodiscard]] Result<void> check_sweep_id(std::string_view sweep_id);

} // namespace parley::sweep
