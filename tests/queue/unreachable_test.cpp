// An endpoint that cannot be reached ends its calls after a short window instead of retrying for minutes, and a
// retry held by the circuit breaker says how long it really waits.

#include <catch2/catch.hpp>

#include <atomic>
#include <optional>
#include <thread>

#include "engine_fixtures.hpp"
#include "support/sanitizers.hpp"

using namespace parley;
using namespace parley::queue;
using namespace parley::queue::testing;
using namespace std::chrono_literals;

namespace {

Result<Completion> unreachable() {
    Error error{ErrorKind::transient, "local (http://127.0.0.1:9/v1): connection refused at 127.0.0.1:9", 0,
                std::nullopt};
    error.retry_reason = RetryReason::unreachable;
    return tl::make_unexpected(std::move(error));
}

// A lane retrying every 20 ms up to 100 times, with a breaker that never opens unless asked.
LaneOptions patient_lane(Duration window) {
    LaneOptions lane;
    lane.retry.max_attempts = 100;
    lane.retry.base_delay = 20ms;
    lane.retry.max_delay = 20ms;
    lane.retry.jitter = Jitter::none;
    lane.breaker.failure_threshold = 10'000;
    lane.unreachable_window = window;
    return lane;
}

TaskSpec in_api(std::string key = {}) {
    TaskSpec spec;
    spec.key = std::move(key);
    spec.lane = "api";
    return spec;
}

// An engine on the real clock with one worker; retries of the test lanes wait 20 ms.
EngineOptions real_options() {
    EngineOptions options;
    options.workers = 1;
    return options;
}

// Waits (up to ten seconds) until `ready` holds: the worker that was asleep before a submit may not have woken yet.
template <class Pred> bool eventually(Pred ready) {
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (!ready() && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(1ms);
    }
    return ready();
}

// Generous, and scaled for sanitizer builds: the windows are well under a second.
const auto kBound = std::chrono::duration<double>(3.0 * parley::testing::kSanitizerSlowdown);

} // namespace

TEST_CASE("an endpoint unreachable for the whole window ends its call instead of retrying", "[queue][unreachable]") {
    Engine engine(real_options());
    REQUIRE(engine.add_lane("api", patient_lane(300ms)));
    std::atomic<int> attempts{0};
    const auto start = std::chrono::steady_clock::now();
    auto handle = submit_ok(engine, in_api(), [&](TaskContext&) {
        ++attempts;
        return unreachable();
    });
    REQUIRE_FALSE(handle.wait());
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(took >= 300ms);
    CHECK(took < kBound);
    CHECK(attempts >= 2);
    CHECK(attempts < 100);
    CHECK_THAT(handle.wait().error().message, Catch::StartsWith("local (http://127.0.0.1:9/v1): connection refused"));
    CHECK_THAT(handle.wait().error().message, Catch::EndsWith("s; not retried)"));
    CHECK(engine.dead_letters().value().size() == 1);
}

TEST_CASE("unreachable blips inside the window are retried and the call succeeds", "[queue][unreachable]") {
    Engine engine(real_options());
    REQUIRE(engine.add_lane("api", patient_lane(10s)));
    std::atomic<int> attempts{0};
    auto handle =
        submit_ok(engine, in_api(), [&](TaskContext&) { return ++attempts <= 3 ? unreachable() : done("answer"); });
    REQUIRE(handle.wait());
    CHECK(handle.wait()->payload == "answer");
    CHECK(attempts == 4);
}

TEST_CASE("an attempt that reaches the endpoint starts the unreachable window again", "[queue][unreachable]") {
    Engine engine(real_options());
    REQUIRE(engine.add_lane("api", patient_lane(1s)));
    // Unreachable for 0.6 s, one 503 (the server is there), unreachable for 0.6 s more, then an answer: 1.2 s in
    // all, but no run of unreachable attempts as long as the window.
    const auto start = std::chrono::steady_clock::now();
    std::optional<std::chrono::steady_clock::time_point> reached;
    auto handle = submit_ok(engine, in_api(), [&](TaskContext&) -> Result<Completion> {
        const auto now = std::chrono::steady_clock::now();
        if (!reached && now - start < 600ms) {
            return unreachable();
        }
        if (!reached) {
            reached = now;
            return transient("503");
        }
        return now - *reached < 600ms ? unreachable() : done("answer");
    });
    REQUIRE(handle.wait());
    CHECK(std::chrono::steady_clock::now() - start >= 1200ms);
}

TEST_CASE("calls the open breaker holds end when the unreachable window does, not after its cool-down",
          "[queue][unreachable]") {
    Engine engine(real_options());
    auto lane = patient_lane(300ms);
    lane.breaker.failure_threshold = 2;
    lane.breaker.cool_down = 60s;
    REQUIRE(engine.add_lane("api", lane));
    std::atomic<int> attempts{0};
    std::vector<TaskHandle> handles;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 3; ++i) {
        handles.push_back(submit_ok(engine, in_api("call-" + std::to_string(i)), [&](TaskContext&) {
            ++attempts;
            return unreachable();
        }));
    }
    for (const auto& handle : handles) {
        REQUIRE_FALSE(handle.wait());
        CHECK_THAT(handle.wait().error().message, Catch::Contains("not retried"));
    }
    CHECK(std::chrono::steady_clock::now() - start < kBound);
    CHECK(attempts <= 4);
}

TEST_CASE("a retry the open breaker holds reports the breaker's wait, not the backoff", "[queue][breaker]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    LaneOptions lane = patient_lane(3s);
    lane.retry.base_delay = 200ms;
    lane.retry.max_delay = 200ms;
    lane.breaker.failure_threshold = 1;
    lane.breaker.cool_down = 30s;
    REQUIRE(engine.add_lane("api", lane));
    std::mutex mutex;
    std::vector<std::pair<Duration, RetryWait>> waits;
    TaskSpec spec = in_api();
    spec.on_event = [&](const TaskEvent& event) {
        if (event.kind == TaskEvent::Kind::retrying) {
            std::lock_guard lock(mutex);
            waits.emplace_back(event.retry_in, event.wait);
        }
    };
    const TimePoint start = clock->now();
    std::atomic<int> attempts{0};
    std::atomic<Duration::rep> second_at{0};
    auto handle = submit_ok(engine, std::move(spec), [&](TaskContext&) {
        if (++attempts == 1) {
            return transient("503");
        }
        second_at = (clock->now() - start).count();
        return done("");
    });
    REQUIRE(eventually([&] {
        std::lock_guard lock(mutex);
        return !waits.empty();
    }));
    wait_for_sleepers(*clock, 1);
    {
        std::lock_guard lock(mutex);
        REQUIRE(waits.size() == 1);
        CHECK(waits[0].first == 30s);
        CHECK(waits[0].second == RetryWait::breaker_open);
    }
    clock->advance(30s);
    REQUIRE(handle.wait());
    CHECK(Duration{second_at.load()} == 30s);
}

TEST_CASE("a retry already waiting when the breaker opens waits for the breaker and is told so", "[queue][breaker]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    LaneOptions lane = patient_lane(Duration::zero());
    lane.retry.base_delay = 1s;
    lane.retry.max_delay = 1s;
    lane.breaker.failure_threshold = 2;
    lane.breaker.cool_down = 30s;
    REQUIRE(engine.add_lane("api", lane));
    std::mutex mutex;
    std::vector<TaskEvent> first_events;
    TaskSpec first = in_api("first");
    first.on_event = [&](const TaskEvent& event) {
        if (event.kind == TaskEvent::Kind::retrying) {
            std::lock_guard lock(mutex);
            first_events.push_back(event);
        }
    };
    const TimePoint start = clock->now();
    std::atomic<int> first_attempts{0};
    std::atomic<Duration::rep> first_retried_at{0};
    auto a = submit_ok(engine, std::move(first), [&](TaskContext&) {
        if (++first_attempts == 1) {
            return transient("503");
        }
        first_retried_at = (clock->now() - start).count();
        return done("");
    });
    std::atomic<int> second_attempts{0};
    auto b = submit_ok(engine, in_api("second"),
                       [&](TaskContext&) { return ++second_attempts == 1 ? transient("503") : done(""); });
    REQUIRE(eventually([&] {
        std::lock_guard lock(mutex);
        return first_events.size() == 2;
    }));
    wait_for_sleepers(*clock, 1);
    {
        std::lock_guard lock(mutex);
        REQUIRE(first_events.size() == 2);
        CHECK(first_events[0].retry_in == 1s);
        CHECK(first_events[0].wait == RetryWait::backoff);
        CHECK_FALSE(first_events[0].rescheduled);
        CHECK(first_events[1].retry_in == 30s);
        CHECK(first_events[1].wait == RetryWait::breaker_open);
        CHECK(first_events[1].rescheduled);
    }
    clock->advance(1s);
    wait_for_sleepers(*clock, 1);
    CHECK(first_attempts == 1);
    clock->advance(29s);
    REQUIRE(a.wait());
    CHECK(Duration{first_retried_at.load()} == 30s);
    wait_for_sleepers(*clock, 1);
    clock->advance(1s);
    REQUIRE(b.wait());
}
