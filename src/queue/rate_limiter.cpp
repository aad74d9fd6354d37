#include "queue/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

#include "util/saturating.hpp"

namespace parley::queue {

namespace {

constexpr double kNanosPerMinute = 60e9;

double bucket_size(const RateLimit& limit) {
    return std::max(1.0, limit.burst > 0 ? limit.burst : limit.per_minute / 60);
}

} // namespace

TokenBucket::TokenBucket(RateLimit limit, TimePoint now)
    : capacity_(bucket_size(limit)), per_ns_(limit.per_minute / kNanosPerMinute), level_(capacity_), refilled_at_(now) {
}

void TokenBucket::refill(TimePoint now) {
    if (now <= refilled_at_) {
        return;
    }
    level_ = std::min(capacity_, level_ + static_cast<double>((now - refilled_at_).count()) * per_ns_);
    refilled_at_ = now;
}

Duration TokenBucket::time_for(double amount) const {
    // A rate near zero makes the wait longer than Duration holds: that is "never", not a wrapped negative wait.
    const double ns = std::ceil(amount / per_ns_);
    if (!(ns < static_cast<double>(Duration::max().count()))) {
        return Duration::max();
    }
    return Duration{static_cast<Duration::rep>(std::max(ns, 0.0))};
}

TimePoint TokenBucket::available_at(double amount, TimePoint now) {
    refill(now);
    const double wanted = std::min(amount, capacity_);
    if (level_ >= wanted && now >= refilled_at_) {
        return now;
    }
    return util::saturating_add(std::max(now, refilled_at_), time_for(wanted - level_));
}

void TokenBucket::give(double amount) {
    level_ = std::min(capacity_, level_ + amount);
}

void TokenBucket::tighten(double remaining, std::optional<Duration> reset, TimePoint now) {
    refill(now);
    level_ = std::min(level_, remaining);
    if (remaining < 1 && reset) {
        // Refilling resumes so that exactly one token is back when the server's window resets.
        level_ = std::min(level_, 0.0);
        const TimePoint reset_at = util::saturating_add(now, *reset);
        const Duration refill_time = time_for(1 - level_);
        if (reset_at.time_since_epoch() > refill_time) {
            refilled_at_ = std::max(refilled_at_, reset_at - refill_time);
        }
    }
}

RateLimiter::RateLimiter(std::optional<RateLimit> requests, std::optional<RateLimit> tokens, TimePoint now) {
    if (requests) {
        requests_.emplace(*requests, now);
    }
    if (tokens) {
        tokens_.emplace(*tokens, now);
    }
}

std::optional<TimePoint> RateLimiter::try_acquire(double cost, TimePoint now) {
    TimePoint ready = now;
    if (requests_) {
        ready = std::max(ready, requests_->available_at(1, now));
    }
    if (tokens_) {
        ready = std::max(ready, tokens_->available_at(cost, now));
    }
    if (ready > now) {
        return ready;
    }
    if (requests_) {
        requests_->take(1);
    }
    if (tokens_) {
        tokens_->take(cost);
    }
    return std::nullopt;
}

void RateLimiter::settle(double estimated_cost, double actual_cost) {
    if (!tokens_) {
        return;
    }
    if (actual_cost < estimated_cost) {
        tokens_->give(estimated_cost - actual_cost);
    } else {
        tokens_->take(actual_cost - estimated_cost);
    }
}

void RateLimiter::observe(const RateSignals& signals, TimePoint now) {
    if (requests_ && signals.remaining_requests) {
        requests_->tighten(*signals.remaining_requests, signals.reset_requests, now);
    }
    if (tokens_ && signals.remaining_tokens) {
        tokens_->tighten(*signals.remaining_tokens, signals.reset_tokens, now);
    }
}

} // namespace parley::queue
