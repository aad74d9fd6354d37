#include <catch2/catch.hpp>

#include <chrono>

#include "util/saturating.hpp"

using namespace std::chrono_literals;
using parley::util::saturating_add;
using parley::util::saturating_ms;
using parley::util::saturating_mul;
using SteadyPoint = std::chrono::steady_clock::time_point;

TEST_CASE("a deadline past the clock's range saturates instead of wrapping into the past", "[util][hostile]") {
    const auto now = std::chrono::steady_clock::now();
    CHECK(saturating_add(now, std::chrono::milliseconds(9'300'000'000'000)) == SteadyPoint::max());
    CHECK(saturating_add(now, std::chrono::milliseconds::max()) == SteadyPoint::max());
    CHECK(saturating_add(now, std::chrono::nanoseconds::max()) == SteadyPoint::max());
    CHECK(saturating_add(now, 5ms) == now + 5ms);
    CHECK(saturating_add(now, -5ms) == now);
    CHECK(saturating_add(SteadyPoint::max() - 1ns, 1h) == SteadyPoint::max());
}

TEST_CASE("durations from huge millisecond counts and factors saturate", "[util][hostile]") {
    CHECK(saturating_ms<std::chrono::nanoseconds>(9'300'000'000'000) == std::chrono::nanoseconds::max());
    CHECK(saturating_ms<std::chrono::nanoseconds>(1500) == 1500ms);
    CHECK(saturating_ms<std::chrono::nanoseconds>(-3) == 0ns);
    CHECK(saturating_mul(std::chrono::nanoseconds::max() / 2, 3) == std::chrono::nanoseconds::max());
    CHECK(saturating_mul(std::chrono::nanoseconds(500ms), 1 << 30) == std::chrono::nanoseconds(500ms) * (1 << 30));
    CHECK(saturating_mul(7ms, 0) == 0ms);
}
