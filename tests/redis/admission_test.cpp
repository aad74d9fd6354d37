#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "redis/admission.hpp"
#include "support/redis_connect.hpp"
#include "support/redis_server.hpp"

using namespace parley;
using namespace parley::sweep;
using namespace std::chrono_literals;
using parley::testing::connect_to;

namespace {

SharedLaneLimits requests_per_minute(double per_minute, double burst) {
    SharedLaneLimits limits;
    limits.requests = queue::RateLimit{per_minute, burst};
    return limits;
}

queue::TimePoint now() {
    return std::chrono::steady_clock::now();
}

} // namespace

TEST_CASE("the shared limit admits a burst, then says when to ask again", "[redis][sweep]") {
    testing::RedisServer server;
    RedisAdmission admission(connect_to(server), "lane", requests_per_minute(60, 2));
    CHECK_FALSE(admission.try_acquire(0, now()));
    CHECK_FALSE(admission.try_acquire(0, now()));
    const auto asked = now();
    auto retry = admission.try_acquire(0, asked);
    REQUIRE(retry);
    CHECK(*retry - asked > 500ms);
    CHECK(*retry - asked <= 1000ms);
}

TEST_CASE("processes naming the same lane share one bucket", "[redis][sweep]") {
    testing::RedisServer server;
    RedisAdmission a(connect_to(server), "shared", requests_per_minute(60, 1));
    RedisAdmission b(connect_to(server), "shared", requests_per_minute(60, 1));
    RedisAdmission other_lane(connect_to(server), "other", requests_per_minute(60, 1));
    CHECK_FALSE(a.try_acquire(0, now()));
    CHECK(b.try_acquire(0, now()));
    CHECK_FALSE(other_lane.try_acquire(0, now()));
}

TEST_CASE("many threads on the shared limit stay within 2% of it", "[redis][sweep]") {
    testing::RedisServer server;
    constexpr double kPerMinute = 12000; // 200 a second
    constexpr double kBurst = 5;         // a little slack, so a thread woken late on a busy machine loses no capacity
    constexpr auto kWindow = 600ms;
    std::atomic<int> admitted{0};
    std::vector<std::unique_ptr<RedisAdmission>> workers;
    for (int i = 0; i < 4; ++i) {
        workers.push_back(
            std::make_unique<RedisAdmission>(connect_to(server), "busy", requests_per_minute(kPerMinute, kBurst)));
    }
    const auto start = now();
    const auto end = start + kWindow;
    {
        std::vector<std::jthread> threads;
        for (auto& worker : workers) {
            threads.emplace_back([&, admission = worker.get()] {
                for (;;) {
                    const auto at = now();
                    if (at >= end) {
                        return;
                    }
                    auto retry = admission->try_acquire(0, at);
                    if (!retry) {
                        ++admitted;
                    } else {
                        std::this_thread::sleep_until(std::min(*retry, end));
                    }
                }
            });
        }
    }
    const double allowed = kBurst + kPerMinute / 60 * std::chrono::duration<double>(kWindow).count();
    INFO("admitted " << admitted.load() << " of " << allowed);
    CHECK(admitted.load() <= allowed * 1.02);
    // The ceiling is the property; the floor only catches a limiter that stalls. A shared machine can leave these
    // threads and redis-server without a core for a good part of the window (107 of 125 admitted was seen at
    // load 12), so the floor is loose.
    CHECK(admitted.load() >= allowed * 0.5);
}

TEST_CASE("tokens are taken by estimate and settled by the real cost", "[redis][sweep]") {
    testing::RedisServer server;
    SharedLaneLimits limits;
    limits.tokens = queue::RateLimit{6000, 1000}; // 100 tokens a second, 1000 at once
    RedisAdmission admission(connect_to(server), "tokens", limits);
    CHECK_FALSE(admission.try_acquire(800, now()));
    CHECK(admission.try_acquire(800, now()));
    admission.release(800, 100.0); // 700 come back: 900 left
    CHECK_FALSE(admission.try_acquire(800, now()));
}

TEST_CASE("a server's rate-limit report pauses every process until its reset", "[redis][sweep]") {
    testing::RedisServer server;
    RedisAdmission reporter(connect_to(server), "lane", requests_per_minute(6000, 10));
    RedisAdmission other(connect_to(server), "lane", requests_per_minute(6000, 10));
    queue::RateSignals signals;
    signals.remaining_requests = 0;
    signals.reset_requests = std::chrono::milliseconds(500);
    reporter.report(signals, now());
    const auto asked = now();
    auto retry = other.try_acquire(0, asked);
    REQUIRE(retry);
    CHECK(*retry - asked > 400ms);
    CHECK(*retry - asked < 600ms);
}

TEST_CASE("the global concurrency cap holds across processes and frees a dead one's slots", "[redis][sweep]") {
    testing::RedisServer server;
    SharedLaneLimits limits;
    limits.max_in_flight = 2;
    limits.slot_lease = 300ms;
    RedisAdmission live(connect_to(server), "capped", limits);
    {
        RedisAdmission dying(connect_to(server), "capped", limits);
        CHECK_FALSE(dying.try_acquire(0, now()));
        CHECK_FALSE(live.try_acquire(0, now()));
        CHECK(live.slots_held() == 1);
        CHECK(live.try_acquire(0, now()));
        // The dying process ends without releasing its slot.
    }
    live.release(0, std::nullopt);
    CHECK(live.slots_held() == 0);
    CHECK_FALSE(live.try_acquire(0, now()));
    CHECK(live.try_acquire(0, now()));
    std::this_thread::sleep_for(350ms);
    // The live process renews its own slot; only the dead one's lapsed.
    CHECK_FALSE(live.try_acquire(0, now()));
    CHECK(live.try_acquire(0, now()));
}

TEST_CASE("an unreachable shared limit admits nothing rather than overrun it", "[redis][sweep]") {
    auto server = std::make_unique<testing::RedisServer>();
    RedisAdmission admission(connect_to(*server, 100ms), "lane", requests_per_minute(60000, 100));
    server.reset();
    const auto asked = now();
    auto retry = admission.try_acquire(0, asked);
    REQUIRE(retry);
    CHECK(*retry - asked >= 1s);
}
