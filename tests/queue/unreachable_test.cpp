// An endpoint that cannot be reached ends its calls after a short window instead of retrying for minutes, and a
// retry held by the circuit breaker says how long it really waits.

#include <catch2/catch.hpp>

#include <atomic>

#include "engine_fixtures.hpp"

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

// A lane retrying every 100 ms up to 100 times, with a breaker that never opens unless asked.
LaneOptions patient_lane(Duration window) {
    LaneOptions lane;
    lane.retry.max_attempts = 100;
    lane.retry.base_delay = 100ms;
    lane.retry.max_delay = 100ms;
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

// Moves the manual clock on in `step`s, each once the one worker sleeps, until every handle is ready or `limit`
// has passed; returns how much time passed.
Duration run_until_done(ManualClock& clock, const std::vector<TaskHandle>& handles, Duration step, Duration limit) {
    Duration passed{};
    const auto all_done = [&] {
        return std::all_of(handles.begin(), handles.end(), [](const TaskHandle& h) { return h.ready(); });
    };
    while (!all_done() && passed < limit) {
        wait_for_sleepers(clock, 1);
        if (all_done()) {
            break;
        }
        clock.advance(step);
        passed += step;
    }
    return passed;
}

} // namespace

TEST_CASE("an endpoint unreachable for the whole window ends its call instead of retrying", "[queue][unreachable]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    REQUIRE(engine.add_lane("api", patient_lane(3s)));
    std::atomic<int> attempts{0};
    auto handle = submit_ok(engine, in_api(), [&](TaskContext&) {
        ++attempts;
        return unreachable();
    });
    const auto passed = run_until_done(*clock, {handle}, 100ms, 20s);
    REQUIRE(handle.ready());
    REQUIRE_FALSE(handle.wait());
    CHECK(passed == 3s);
    CHECK(attempts == 31);
    CHECK_THAT(handle.wait().error().message, Catch::Contains("connection refused at 127.0.0.1:9"));
    CHECK_THAT(handle.wait().error().message, Catch::EndsWith("(unreachable for 3.0 s; not retried)"));
    CHECK(engine.dead_letters().value().size() == 1);
}

TEST_CASE("unreachable blips inside the window are retried and the call succeeds", "[queue][unreachable]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    REQUIRE(engine.add_lane("api", patient_lane(3s)));
    std::atomic<int> attempts{0};
    auto handle =
        submit_ok(engine, in_api(), [&](TaskContext&) { return ++attempts <= 3 ? unreachable() : done("answer"); });
    run_until_done(*clock, {handle}, 100ms, 20s);
    REQUIRE(handle.wait());
    CHECK(handle.wait()->payload == "answer");
    CHECK(attempts == 4);
}

TEST_CASE("an attempt that reaches the endpoint starts the unreachable window again", "[queue][unreachable]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    REQUIRE(engine.add_lane("api", patient_lane(1s)));
    std::atomic<int> attempts{0};
    // Unreachable for 0.8 s, one 503 (the server is there), then unreachable for 0.8 s, then an answer: no run of
    // unreachable attempts spans the window.
    auto handle = submit_ok(engine, in_api(), [&](TaskContext&) {
        const int n = ++attempts;
        if (n == 9) {
            return transient("503");
        }
        return n < 18 ? unreachable() : done("answer");
    });
    run_until_done(*clock, {handle}, 100ms, 20s);
    REQUIRE(handle.wait());
    CHECK(attempts == 18);
}

TEST_CASE("calls the open breaker holds end when the unreachable window does, not after its cool-down",
          "[queue][unreachable]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    auto lane = patient_lane(1s);
    lane.breaker.failure_threshold = 2;
    lane.breaker.cool_down = 60s;
    REQUIRE(engine.add_lane("api", lane));
    std::atomic<int> attempts{0};
    std::vector<TaskHandle> handles;
    for (int i = 0; i < 3; ++i) {
        handles.push_back(submit_ok(engine, in_api("call-" + std::to_string(i)), [&](TaskContext&) {
            ++attempts;
            return unreachable();
        }));
    }
    const auto passed = run_until_done(*clock, handles, 100ms, 120s);
    CHECK(passed <= 1100ms);
    for (const auto& handle : handles) {
        REQUIRE(handle.ready());
        REQUIRE_FALSE(handle.wait());
        CHECK_THAT(handle.wait().error().message, Catch::Contains("not retried"));
    }
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
