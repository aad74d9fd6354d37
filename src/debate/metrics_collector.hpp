#pragma once
// Run metrics of one debate, heard from its call events: outcomes, retries by reason, latency, time to first
// token, queue wait and cost, timed on arrival so that every executor reports the same way.

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "debate/call_events.hpp"
#include "debate/debate_state.hpp"
#include "queue/clock.hpp"

namespace parley::debate {

/// The reason classes retries are counted under; every reason falls in exactly one.
inline constexpr std::string_view kRetryRateLimited = "429 rate limited";
inline constexpr std::string_view kRetryServerError = "5xx";
inline constexpr std::string_view kRetryTimeout = "timeout";
inline constexpr std::string_view kRetryConnection = "connection";
inline constexpr std::string_view kRetryTruncated = "truncated stream";
inline constexpr std::string_view kRetryOther = "other";

/// The class a retry is counted under: the error's typed retry reason, else what its HTTP status says.
std::string_view retry_reason_class(const Error& error);

/// The nearest-rank percentile `q` (0..1) of `samples`: the smallest sample with at least q of them at or below
/// it; 0 for no samples.
double percentile(std::vector<double> samples, double q);

/// Turns the call events of ONE debate into run metrics. Thread-safe: the executor calls it from many threads.
class MetricsCollector {
public:
    /// Times events on the real steady clock.
    MetricsCollector();
    /// Times events on `clock`, which must outlive the collector (a ManualClock in tests).
    explicit MetricsCollector(const queue::Clock& clock);
    MetricsCollector(const MetricsCollector&) = delete;
    MetricsCollector& operator=(const MetricsCollector&) = delete;

    /// Records one event, timed now.
    void on_event(const CallEvent& event);

    /// An observer that forwards to on_event; the collector must outlive it.
    CallObserver observer();

    /// Writes the figures heard so far into `metrics`: call outcomes, retries, timings and cost. Calls, tokens
    /// and wall times are left alone: the orchestrator records them from the answers.
    void apply_to(RunMetrics& metrics) const;

private:
    /// What is known of one call so far.
    struct CallTimes {
        queue::TimePoint queued_at{};
        bool queued = false;
        bool started = false;
        queue::TimePoint started_at{}; ///< of the latest attempt
        bool streaming = false;        ///< the latest attempt has streamed content
        queue::TimePoint first_content_at{};
    };

    /// The samples of one provider.
    struct ProviderSamples {
        std::vector<double> latency_ms;
        std::vector<double> ttft_ms;
    };

    double ms_between(queue::TimePoint from, queue::TimePoint to) const;
    void settle(const CallEvent& event, const CallTimes& times, queue::TimePoint now);
    Cost& phase_cost(const std::string& phase);

    const queue::Clock& clock_;
    const bool reproducible_; ///< durations are recorded as 0 so reproducible runs compare byte for byte

    mutable std::mutex mutex_;
    std::map<std::string, CallTimes> calls_; ///< by phase, round, agent and target: unique within one debate
    long from_journal_ = 0;
    long from_cache_ = 0;
    long tool_calls_ = 0;
    double tool_ms_ = 0;
    long failed_ = 0;
    long cancelled_ = 0;
    std::map<std::string, long> retries_;
    std::vector<double> queue_wait_ms_;
    std::map<std::string, ProviderSamples> providers_;
    Cost cost_;
    std::map<std::string, Cost> cost_by_agent_;
    std::vector<std::pair<std::string, Cost>> cost_by_phase_;
};

} // namespace parley::debate
