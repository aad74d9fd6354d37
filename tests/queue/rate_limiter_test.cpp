#include <catch2/catch.hpp>

#include <deque>

#include "queue/rate_limiter.hpp"

using namespace parley::queue;
using namespace std::chrono_literals;

namespace {

const TimePoint kStart = TimePoint{} + 1h;

} // namespace

TEST_CASE("rate limiter admits no more than the limit in any minute and close to it under saturation",
          "[queue][rate]") {
    const RateLimit limit{600, 10};
    RateLimiter limiter(limit, std::nullopt, kStart);
    std::deque<TimePoint> last_minute;
    std::size_t admitted = 0;
    std::size_t most_in_a_minute = 0;
    std::size_t most_at_once = 0;
    for (TimePoint now = kStart; now < kStart + 10min; now += 1ms) {
        std::size_t this_instant = 0;
        // Eager callers: ask again at once until refused.
        while (!limiter.try_acquire(1, now)) {
            ++admitted;
            ++this_instant;
            last_minute.push_back(now);
        }
        while (!last_minute.empty() && last_minute.front() <= now - 1min) {
            last_minute.pop_front();
        }
        most_in_a_minute = std::max(most_in_a_minute, last_minute.size());
        most_at_once = std::max(most_at_once, this_instant);
    }
    CHECK(most_at_once <= 10);
    CHECK(most_in_a_minute <= 600 + 10);
    CHECK(admitted <= 6000 + 10);
    CHECK(admitted >= 5940);
}

TEST_CASE("a refused request is told exactly when a request token is back", "[queue][rate]") {
    RateLimiter limiter(RateLimit{60, 1}, std::nullopt, kStart);
    CHECK_FALSE(limiter.try_acquire(1, kStart));
    const auto again = limiter.try_acquire(1, kStart);
    REQUIRE(again);
    CHECK(*again == kStart + 1s);
    CHECK_FALSE(limiter.try_acquire(1, *again));
}

TEST_CASE("server-reported remaining and reset tighten the request bucket", "[queue][rate]") {
    RateLimiter limiter(RateLimit{600, 10}, std::nullopt, kStart);
    RateSignals signals;
    signals.remaining_requests = 0;
    signals.reset_requests = 30s;
    limiter.observe(signals, kStart);
    const auto again = limiter.try_acquire(1, kStart);
    REQUIRE(again);
    CHECK(*again == kStart + 30s);
    CHECK_FALSE(limiter.try_acquire(1, kStart + 30s));

    signals.remaining_requests = 2;
    signals.reset_requests.reset();
    limiter.observe(signals, kStart + 60s);
    // The bucket had refilled to its 10, but the server says only 2 are left.
    CHECK_FALSE(limiter.try_acquire(1, kStart + 60s));
    CHECK_FALSE(limiter.try_acquire(1, kStart + 60s));
    CHECK(limiter.try_acquire(1, kStart + 60s));
}

TEST_CASE("token bucket waits for the estimated cost and settles the real cost", "[queue][rate]") {
    RateLimiter limiter(std::nullopt, RateLimit{6000, 1000}, kStart);
    CHECK_FALSE(limiter.try_acquire(1000, kStart));
    const auto again = limiter.try_acquire(500, kStart);
    REQUIRE(again);
    CHECK(*again == kStart + 5s);
    // The call really cost 200 of the 1000 estimated: 800 come back at once.
    limiter.settle(1000, 200);
    CHECK_FALSE(limiter.try_acquire(500, kStart));
    // A call that cost more than estimated puts the bucket in debt.
    limiter.settle(500, 1300);
    const auto after_debt = limiter.try_acquire(1, kStart);
    REQUIRE(after_debt);
    CHECK(*after_debt == kStart + 5010ms);
}

TEST_CASE("a cost above the bucket size waits for a full bucket instead of forever", "[queue][rate]") {
    RateLimiter limiter(std::nullopt, RateLimit{6000, 100}, kStart);
    CHECK_FALSE(limiter.try_acquire(250, kStart));
    const auto again = limiter.try_acquire(250, kStart);
    REQUIRE(again);
    // 150 of debt plus a full bucket of 100, at 100 per second.
    CHECK(*again == kStart + 2500ms);
}

TEST_CASE("a near-zero rate puts the next token far away, never in the past", "[queue][rate][hostile]") {
    RateLimiter limiter(RateLimit{1e-12, 1}, std::nullopt, kStart);
    CHECK_FALSE(limiter.try_acquire(1, kStart));
    const auto again = limiter.try_acquire(1, kStart);
    REQUIRE(again);
    CHECK(*again == TimePoint::max());
}
