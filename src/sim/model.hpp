#pragma once
// What the simulation runs: the queue's parameters (as a design states them), one scenario's disturbances, and
// what one run measured.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/histogram.hpp"
#include "sim/service_time.hpp"

namespace parley::sim {

/// The most priority classes a model may have.
inline constexpr std::size_t kMaxClasses = 16;

/// The most jobs one scenario may be expected to see (rate × duration); more is refused before it runs.
inline constexpr double kMaxExpectedJobs = 5e8;

/// How many jobs the simulated backlog holds at most; arrivals beyond it are counted, not stored.
inline constexpr std::size_t kDefaultBacklogCap = 1'000'000;

/// The arrival rate over time.
enum class ArrivalShape { steady, diurnal, bursts };

/// What happens to an arrival when the queue is at its bound.
enum class BoundPolicy { reject, block, drop_oldest };

/// How the next job is chosen among priority classes.
enum class PriorityMode { strict, weighted };

/// Retry jitter on the backoff delay.
enum class Jitter { none, full, equal };

/// One priority class: its share of arrivals and its weight when classes are served by weight.
struct PriorityClass {
    std::string name;
    double share = 1;  ///< fraction of arrivals (normalised over the classes)
    double weight = 1; ///< weighted mode: its share of starts when every class waits
};

/// The queue a design describes.
struct Model {
    double average_rate = 0; ///< jobs per second
    double peak_rate = 0;    ///< jobs per second
    ArrivalShape shape = ArrivalShape::steady;
    double burst_period = 3600; ///< bursts: seconds between the starts of two bursts
    double burst_length = 300;  ///< bursts: seconds at the peak rate, the rest at the average
    ServiceTime service = exponential_time(1);
    std::uint32_t workers = 1;
    std::uint32_t concurrency = 1; ///< jobs one worker runs at once
    std::vector<PriorityClass> classes{PriorityClass{"default", 1, 1}};
    PriorityMode priority_mode = PriorityMode::strict;
    std::uint32_t max_attempts = 1; ///< attempts before a failed job is dead-lettered
    double backoff_base = 1;        ///< seconds before the second attempt
    double backoff_cap = 300;       ///< seconds at most between attempts
    Jitter jitter = Jitter::none;   ///< on the backoff delay
    double transient_failure = 0;   ///< probability that an attempt fails and may be retried
    double permanent_failure = 0;   ///< probability that a job fails every attempt (a poison job)
    double crash_rate_per_hour = 0; ///< worker crashes per worker per hour
    double restart_seconds = 30;    ///< a crashed worker is back after this long
    double lease = 0;               ///< lease or visibility timeout in seconds; 0: none (jobs never lapse)
    bool heartbeat = false;         ///< the lease is extended while the job runs
    std::size_t queue_bound = 0;    ///< waiting jobs at most; 0: unbounded
    BoundPolicy bound_policy = BoundPolicy::reject;
    double downstream_rate = 0;  ///< job starts per second the downstream allows; 0: no limit
    double downstream_burst = 1; ///< starts allowed at once
    std::size_t backlog_cap = kDefaultBacklogCap;
};

/// What a scenario does to the model for a while.
struct Disturbance {
    enum class Kind { outage, slowdown, retry_storm };
    Kind kind = Kind::outage;
    double from = 0;                ///< seconds into the run
    double until = 0;               ///< seconds into the run
    double factor = 1;              ///< slowdown: job time multiplier; retry storm: the transient failure probability
    std::uint32_t workers_down = 0; ///< outage: workers down (0: all of them)
};

/// One run of the model: which arrival rate, for how long, with which disturbances.
struct Scenario {
    std::string name;
    bool at_peak = true; ///< steady at the peak rate; false: the model's shape between average and peak
    double duration = 7200;
    std::vector<Disturbance> disturbances;
};

/// One time bucket of a run.
struct Bucket {
    double start = 0;
    double mean_depth = 0; ///< waiting jobs, time-averaged
    std::uint64_t max_depth = 0;
    double mean_in_flight = 0;
    double utilisation = 0; ///< busy slot time over available slot time
    std::uint64_t arrivals = 0, completions = 0, retries = 0, duplicates = 0, dead_letters = 0, rejections = 0;
    std::vector<CoarseHistogram> wait;    ///< per class
    std::vector<CoarseHistogram> latency; ///< per class, enqueue to completion
};

/// The totals of one class.
struct ClassTotals {
    FineHistogram wait;
    FineHistogram latency;
    std::uint64_t started = 0;   ///< first starts
    std::uint64_t waited = 0;    ///< first starts after a wait greater than zero
    double wait_sum = 0;         ///< seconds
    std::uint64_t completed = 0; ///< jobs completed (first completion only)
    double latency_sum = 0;
};

/// What one run measured.
struct RunResult {
    std::string scenario;
    double duration = 0; ///< simulated seconds
    double bucket_seconds = 0;
    std::vector<Bucket> buckets;
    std::vector<ClassTotals> classes;
    std::uint64_t arrivals = 0, completions = 0, retries = 0, duplicates = 0, dead_letters = 0;
    std::uint64_t rejections = 0;  ///< refused at the queue bound
    std::uint64_t dropped = 0;     ///< dropped as the oldest at the queue bound
    std::uint64_t beyond_cap = 0;  ///< arrivals not stored because the simulated backlog was at its cap
    std::uint64_t redelivered = 0; ///< jobs run again after their worker crashed
    std::uint64_t lost = 0;        ///< jobs of crashed workers never run again (no lease)
    std::uint64_t crashes = 0;
    std::uint64_t events = 0;
    double mean_in_system = 0; ///< time-averaged jobs queued, waiting to retry, or running
    double mean_waiting = 0;   ///< time-averaged jobs in the queue
    double utilisation = 0;
    std::uint64_t backlog_at_end = 0; ///< stored backlog plus arrivals beyond the cap
    double growth_per_second = 0;     ///< backlog growth over the second half of the run
    bool unbounded = false;           ///< arrivals outran capacity: the backlog kept growing
    bool capped = false;              ///< the simulated backlog reached its cap
    double drain_seconds = -1;        ///< after the last outage: until the queue is back to its level before it;
                                      ///< -1: no outage; infinity: it did not drain within the run
    bool stopped_early = false;       ///< the event budget ran out (a bounded result)
};

} // namespace parley::sim
