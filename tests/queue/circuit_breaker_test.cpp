#include <catch2/catch.hpp>

#include "queue/circuit_breaker.hpp"

using namespace parley::queue;
using namespace std::chrono_literals;

namespace {

const TimePoint kStart = TimePoint{} + 1h;

BreakerPolicy policy() {
    BreakerPolicy p;
    p.failure_threshold = 3;
    p.cool_down = 30s;
    p.half_open_probes = 1;
    return p;
}

} // namespace

TEST_CASE("circuit breaker opens at the failure threshold, half-opens after the cool-down, closes on a good probe",
          "[queue][breaker]") {
    CircuitBreaker breaker(policy());
    for (int i = 0; i < 2; ++i) {
        breaker.on_start(kStart);
        breaker.on_failure(kStart);
    }
    CHECK(breaker.state(kStart) == BreakerState::closed);
    breaker.on_start(kStart);
    breaker.on_failure(kStart + 1s);
    CHECK(breaker.state(kStart + 1s) == BreakerState::open);
    CHECK(breaker.blocked_until(kStart + 1s) == kStart + 31s);
    CHECK(breaker.state(kStart + 31s) == BreakerState::half_open);

    CHECK_FALSE(breaker.blocked_until(kStart + 31s));
    breaker.on_start(kStart + 31s);
    // One probe at a time: the next call waits for the probe's verdict.
    CHECK(breaker.blocked_until(kStart + 31s) == TimePoint::max());
    breaker.on_success();
    CHECK(breaker.state(kStart + 32s) == BreakerState::closed);
    CHECK_FALSE(breaker.blocked_until(kStart + 32s));
}

TEST_CASE("a failed half-open probe opens the breaker again for a full cool-down", "[queue][breaker]") {
    CircuitBreaker breaker(policy());
    for (int i = 0; i < 3; ++i) {
        breaker.on_failure(kStart);
    }
    breaker.on_start(kStart + 30s);
    breaker.on_failure(kStart + 35s);
    CHECK(breaker.state(kStart + 35s) == BreakerState::open);
    CHECK(breaker.blocked_until(kStart + 35s) == kStart + 65s);
}

TEST_CASE("a success resets the count of consecutive failures", "[queue][breaker]") {
    CircuitBreaker breaker(policy());
    breaker.on_failure(kStart);
    breaker.on_failure(kStart);
    breaker.on_success();
    breaker.on_failure(kStart);
    breaker.on_failure(kStart);
    CHECK(breaker.state(kStart) == BreakerState::closed);
}

TEST_CASE("an abandoned probe frees its half-open slot", "[queue][breaker]") {
    CircuitBreaker breaker(policy());
    for (int i = 0; i < 3; ++i) {
        breaker.on_failure(kStart);
    }
    breaker.on_start(kStart + 30s);
    CHECK(breaker.blocked_until(kStart + 30s) == TimePoint::max());
    breaker.on_abandon();
    CHECK_FALSE(breaker.blocked_until(kStart + 30s));
}
