#pragma once
// Counters and latency histograms of the engine, per lane and overall, with a JSON snapshot.

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "queue/clock.hpp"

namespace parley::queue {

/// A latency histogram with log-linear buckets: constant memory, about 3% relative error, any range up to hours.
class Histogram {
public:
    /// Adds one observation; negative durations count as zero.
    void record(Duration value);
    /// Adds every observation of `other`.
    void merge(const Histogram& other);
    /// The value below which a fraction `q` (0..1) of the observations fall; zero when empty.
    Duration percentile(double q) const;
    /// How many observations it holds.
    std::uint64_t count() const { return count_; }
    /// The largest observation.
    Duration max() const { return max_; }
    /// {count, p50_ms, p95_ms, p99_ms, max_ms}.
    nlohmann::json to_json() const;

private:
    static constexpr int kSubBits = 5; // 32 sub-buckets per power of two
    static constexpr std::uint64_t kSubCount = std::uint64_t{1} << kSubBits;
    static constexpr int kBuckets = (64 - kSubBits + 1) << kSubBits;

    static std::size_t bucket_of(std::uint64_t value);
    static std::uint64_t bucket_value(std::size_t bucket);

    std::array<std::uint64_t, kBuckets> buckets_{};
    std::uint64_t count_ = 0;
    Duration max_{};
};

/// What happened to tasks; every task submitted ends in exactly one of succeeded, dead_lettered or cancelled.
struct Counters {
    std::uint64_t submitted = 0;     ///< accepted for execution (not coalesced, not served from the store)
    std::uint64_t started = 0;       ///< attempts begun
    std::uint64_t succeeded = 0;     ///< tasks that ended with a result
    std::uint64_t retried = 0;       ///< retries scheduled after a transient failure
    std::uint64_t failed = 0;        ///< attempts that ended in an error
    std::uint64_t dead_lettered = 0; ///< tasks that ended in the dead letters
    std::uint64_t cancelled = 0;     ///< tasks stopped by their caller or a shutdown
    std::uint64_t rejected = 0;      ///< submits refused (full, shut down)
    std::uint64_t coalesced = 0;     ///< submits that joined a task already in flight
    std::uint64_t cache_hits = 0;    ///< submits answered from the completed-result store
    std::uint64_t store_errors = 0;  ///< completed-result store lookups or saves that failed

    /// Adds every counter of `other`.
    void merge(const Counters& other);
    /// Every counter by name.
    nlohmann::json to_json() const;
};

/// The metrics of one lane, or of the whole engine.
struct LaneMetrics {
    Counters counters;
    std::uint64_t depth = 0; ///< tasks waiting to start (queued, delayed for a retry or held by a limit)
    std::uint64_t running = 0;
    Histogram wait; ///< ready (submitted or due for retry) to start
    Histogram run;  ///< start to end of one attempt

    /// Adds `other` into this.
    void merge(const LaneMetrics& other);
    /// {counters..., depth, running, wait, run}.
    nlohmann::json to_json() const;
};

/// A copy of all metrics at one instant.
struct MetricsSnapshot {
    LaneMetrics total;
    std::map<std::string, LaneMetrics> lanes;
    std::map<std::string, std::string> breakers; ///< lane -> breaker state

    /// {"total": {...}, "lanes": {"name": {..., "breaker": "closed"}}}.
    nlohmann::json to_json() const;
};

} // namespace parley::queue
