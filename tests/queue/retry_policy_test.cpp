#include <catch2/catch.hpp>

#include <vector>

#include "queue/retry_policy.hpp"

using namespace parley::queue;
using namespace std::chrono_literals;

namespace {

std::vector<long> delays_ms(const RetryPolicy& policy, int retries) {
    std::mt19937_64 random(42);
    std::vector<long> out;
    Duration previous{};
    for (int retry = 1; retry <= retries; ++retry) {
        previous = policy.next_delay(retry, previous, std::nullopt, random);
        out.push_back(static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(previous).count()));
    }
    return out;
}

RetryPolicy policy_with(Jitter jitter) {
    RetryPolicy policy;
    policy.base_delay = 100ms;
    policy.max_delay = 2s;
    policy.jitter = jitter;
    return policy;
}

} // namespace

TEST_CASE("backoff without jitter doubles from the base delay up to the max delay", "[queue][retry]") {
    CHECK(delays_ms(policy_with(Jitter::none), 7) == std::vector<long>{100, 200, 400, 800, 1600, 2000, 2000});
}

TEST_CASE("full jitter gives this exact delay sequence under seed 42", "[queue][retry]") {
    const auto delays = delays_ms(policy_with(Jitter::full), 7);
    CHECK(delays == std::vector<long>{32, 131, 258, 132, 1110, 713, 1474});
    const std::vector<long> caps{100, 200, 400, 800, 1600, 2000, 2000};
    for (std::size_t i = 0; i < delays.size(); ++i) {
        CHECK(delays[i] >= 0);
        CHECK(delays[i] <= caps[i]);
    }
}

TEST_CASE("equal jitter gives this exact delay sequence under seed 42", "[queue][retry]") {
    const auto delays = delays_ms(policy_with(Jitter::equal), 7);
    CHECK(delays == std::vector<long>{74, 175, 237, 485, 1201, 1433, 1172});
    const std::vector<long> caps{100, 200, 400, 800, 1600, 2000, 2000};
    for (std::size_t i = 0; i < delays.size(); ++i) {
        CHECK(delays[i] >= caps[i] / 2);
        CHECK(delays[i] <= caps[i]);
    }
}

TEST_CASE("decorrelated jitter gives this exact delay sequence under seed 42", "[queue][retry]") {
    const auto delays = delays_ms(policy_with(Jitter::decorrelated), 7);
    CHECK(delays == std::vector<long>{100, 181, 348, 140, 388, 291, 834});
    long previous = 100;
    for (const long delay : delays) {
        CHECK(delay >= 100);
        CHECK(delay <= std::min(2000L, previous * 3));
        previous = delay;
    }
}

TEST_CASE("retry honours Retry-After over its own backoff", "[queue][retry]") {
    const RetryPolicy policy = policy_with(Jitter::full);
    std::mt19937_64 random(42);
    CHECK(policy.next_delay(1, Duration::zero(), Duration(1500ms), random) == 1500ms);
    CHECK_FALSE(policy.refuse_server_delay(1500ms));
}

TEST_CASE("a server wait above max_delay is refused by name, never waited", "[queue][retry][hostile]") {
    const RetryPolicy policy = policy_with(Jitter::full);
    std::mt19937_64 random(42);
    CHECK(policy.next_delay(5, Duration::zero(), Duration(90s), random) == policy.max_delay);
    const auto ten_years = std::chrono::duration_cast<Duration>(std::chrono::hours(24) * 3650);
    const auto why = policy.refuse_server_delay(ten_years);
    REQUIRE(why);
    CHECK(*why == "server asked to wait 10 years; above maxDelayMs=2000");
    CHECK(policy.refuse_server_delay(Duration::max()));
    CHECK(*policy.refuse_server_delay(std::chrono::minutes(90)) ==
          "server asked to wait 1.5 hours; above maxDelayMs=2000");
    CHECK(*policy.refuse_server_delay(3s) == "server asked to wait 3 s; above maxDelayMs=2000");
}

TEST_CASE("huge base and max delays saturate instead of wrapping negative", "[queue][retry][hostile]") {
    RetryPolicy policy;
    policy.base_delay = Duration::max() / 4;
    policy.max_delay = Duration::max();
    for (const Jitter jitter : {Jitter::none, Jitter::full, Jitter::equal, Jitter::decorrelated}) {
        policy.jitter = jitter;
        std::mt19937_64 random(7);
        Duration previous{};
        for (int retry = 1; retry <= 40; ++retry) {
            previous = policy.next_delay(retry, previous, std::nullopt, random);
            CHECK(previous >= Duration::zero());
        }
    }
}
