#include "debate/metrics_collector.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "util/timestamps.hpp"

namespace parley::debate {

namespace {

DurationStats stats_of(const std::vector<double>& samples) {
    return {static_cast<long>(samples.size()), percentile(samples, 0.50), percentile(samples, 0.95)};
}

std::string call_key(const CallEvent& event) {
    // The unit separator cannot appear in ids, so no two calls share a key.
    const auto& c = event.call;
    return std::string(llm::to_string(c.purpose)) + '\x1f' + std::to_string(c.round) + '\x1f' + c.agent.id + '\x1f' +
           (c.target ? c.target->id : std::string());
}

const queue::Clock& system_clock() {
    static const queue::SystemClock clock;
    return clock;
}

} // namespace

std::string_view retry_reason_class(const Error& error) {
    switch (error.retry_reason) {
    case RetryReason::rate_limited:
        return kRetryRateLimited;
    case RetryReason::server_error:
        return kRetryServerError;
    case RetryReason::timeout:
        return kRetryTimeout;
    case RetryReason::connection:
    case RetryReason::unreachable:
        return kRetryConnection;
    case RetryReason::truncated:
        return kRetryTruncated;
    case RetryReason::unknown:
        break;
    }
    if (error.http_status == 429) {
        return kRetryRateLimited;
    }
    return error.http_status >= 500 ? kRetryServerError : kRetryOther;
}

double percentile(std::vector<double> samples, double q) {
    if (samples.empty()) {
        return 0;
    }
    std::sort(samples.begin(), samples.end());
    const auto rank =
        static_cast<std::size_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(samples.size())));
    return samples[std::max<std::size_t>(rank, 1) - 1];
}

MetricsCollector::MetricsCollector() : MetricsCollector(system_clock()) {}

MetricsCollector::MetricsCollector(const queue::Clock& clock)
    : clock_(clock), reproducible_(util::reproducible_mode()) {}

CallObserver MetricsCollector::observer() {
    return [this](const CallEvent& event) {
        on_event(event);
    };
}

double MetricsCollector::ms_between(queue::TimePoint from, queue::TimePoint to) const {
    if (reproducible_) {
        return 0;
    }
    return std::chrono::duration<double, std::milli>(to - from).count();
}

Cost& MetricsCollector::phase_cost(const std::string& phase) {
    for (auto& [name, cost] : cost_by_phase_) {
        if (name == phase) {
            return cost;
        }
    }
    return cost_by_phase_.emplace_back(phase, Cost{}).second;
}

void MetricsCollector::on_event(const CallEvent& event) {
    const auto now = clock_.now();
    const auto key = call_key(event);
    std::lock_guard lock(mutex_);
    auto& times = calls_[key];
    switch (event.kind) {
    case CallEvent::Kind::queued:
        if (!times.queued) {
            times.queued = true;
            times.queued_at = now;
        }
        return;
    case CallEvent::Kind::started:
        if (!times.started && times.queued) {
            queue_wait_ms_.push_back(ms_between(times.queued_at, now));
        }
        times.started = true;
        times.started_at = now;
        times.streaming = false;
        return;
    case CallEvent::Kind::streaming:
        if (times.started && !times.streaming) {
            times.streaming = true;
            times.first_content_at = now;
        }
        return;
    case CallEvent::Kind::retrying:
        if (!event.rescheduled) {
            ++retries_[std::string(event.error ? retry_reason_class(*event.error) : kRetryOther)];
        }
        return;
    case CallEvent::Kind::succeeded:
        settle(event, times, now);
        break;
    case CallEvent::Kind::failed:
        ++failed_;
        break;
    case CallEvent::Kind::cancelled:
        ++cancelled_;
        break;
    }
    calls_.erase(key);
}

void MetricsCollector::settle(const CallEvent& event, const CallTimes& times, queue::TimePoint now) {
    // A journal answer was paid for and timed by the run that made it; here it cost nothing and took no time.
    if (event.from_journal) {
        ++from_journal_;
        from_cache_ += event.from_cache ? 1 : 0;
        return;
    }
    tool_calls_ += event.tool_calls;
    tool_ms_ += event.tool_ms;
    if (times.started) {
        auto& samples = providers_[event.provider];
        samples.latency_ms.push_back(ms_between(times.started_at, now));
        if (times.streaming) {
            samples.ttft_ms.push_back(ms_between(times.started_at, times.first_content_at));
        }
    }
    auto& agent = cost_by_agent_[event.call.agent.id];
    auto& phase = phase_cost(llm::to_string(event.call.purpose));
    for (Cost* cost : std::array<Cost*, 3>{&cost_, &agent, &phase}) {
        if (event.cost_known) {
            cost->usd += event.cost_usd;
        } else {
            ++cost->unknown_calls;
        }
    }
}

void MetricsCollector::apply_to(RunMetrics& metrics) const {
    std::lock_guard lock(mutex_);
    metrics.calls_from_journal = from_journal_;
    metrics.calls_from_cache = from_cache_;
    metrics.calls_failed = failed_;
    metrics.calls_cancelled = cancelled_;
    metrics.tool_calls = tool_calls_;
    metrics.tool_ms = tool_ms_;
    metrics.retries = retries_;
    metrics.queue_wait = stats_of(queue_wait_ms_);
    metrics.providers.clear();
    for (const auto& [label, samples] : providers_) {
        metrics.providers[label] = {stats_of(samples.latency_ms), stats_of(samples.ttft_ms)};
    }
    metrics.cost = cost_;
    metrics.cost_by_agent = cost_by_agent_;
    metrics.cost_by_phase = cost_by_phase_;
}

} // namespace parley::debate
