#include "run/lanes.hpp"

#include <algorithm>

namespace parley::run {

namespace {

queue::LaneOptions lane_options(const debate::QueueConfig& q, const debate::LaneConfig& limits) {
    queue::LaneOptions lane;
    lane.max_concurrency = limits.concurrency;
    if (limits.requests_per_minute) {
        lane.requests = queue::RateLimit{*limits.requests_per_minute, 0};
    }
    if (limits.tokens_per_minute) {
        lane.tokens = queue::RateLimit{*limits.tokens_per_minute, 0};
    }
    lane.retry.max_attempts = q.max_attempts;
    lane.retry.base_delay = std::chrono::milliseconds(q.base_delay_ms);
    lane.retry.max_delay = std::chrono::milliseconds(std::max(q.max_delay_ms, q.base_delay_ms));
    lane.retry.jitter = q.jitter == "equal"          ? queue::Jitter::equal
                        : q.jitter == "decorrelated" ? queue::Jitter::decorrelated
                                                     : queue::Jitter::full;
    lane.breaker.failure_threshold = q.breaker_failures;
    lane.breaker.cool_down = std::chrono::milliseconds(q.breaker_cool_down_ms);
    lane.unreachable_window = std::chrono::milliseconds(q.unreachable_window_ms);
    return lane;
}

} // namespace

queue::LaneOptions lane_options_for(const debate::QueueConfig& queue, const llm::ProviderSpec& spec) {
    return lane_options(queue, debate::lane_config_for(queue, spec));
}

} // namespace parley::run
