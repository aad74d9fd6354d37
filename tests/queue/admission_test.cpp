#include <catch2/catch.hpp>

#include <atomic>
#include <optional>
#include <thread>

#include "engine_fixtures.hpp"

using namespace parley;
using namespace parley::queue;
using namespace parley::queue::testing;
using namespace std::chrono_literals;

namespace {

/// Refuses every task until an instant on the engine's clock, then admits; counts what it is told.
class OpensAt final : public Admission {
public:
    explicit OpensAt(TimePoint opens_at) : opens_at_(opens_at) {}

    std::optional<TimePoint> try_acquire(double cost, TimePoint now) override {
        ++asked;
        last_cost = cost;
        if (now < opens_at_) {
            return opens_at_;
        }
        ++admitted;
        return std::nullopt;
    }
    void release(double, std::optional<double> actual_cost) override {
        ++released;
        settled_cost = actual_cost.value_or(-1);
    }
    void report(const RateSignals& signals, TimePoint) override { reported_remaining = *signals.remaining_requests; }

    std::atomic<int> asked{0};
    std::atomic<int> admitted{0};
    std::atomic<int> released{0};
    std::atomic<double> last_cost{0};
    std::atomic<double> settled_cost{0};
    std::atomic<double> reported_remaining{-1};

private:
    TimePoint opens_at_;
};

/// An admission that calls back into the engine, as a shared limiter reading the engine's state might; it would
/// deadlock if the engine called it with its lock held.
class CallsBack final : public Admission {
public:
    std::optional<TimePoint> try_acquire(double, TimePoint) override {
        running_seen = static_cast<int>(engine->metrics().total.running);
        return std::nullopt;
    }
    void release(double, std::optional<double>) override { (void)engine->metrics(); }
    void report(const RateSignals&, TimePoint) override { (void)engine->metrics(); }

    Engine* engine = nullptr;
    std::atomic<int> running_seen{-1};
};

TaskSpec in_lane(std::string lane, std::int64_t cost = 0) {
    TaskSpec spec;
    spec.lane = std::move(lane);
    spec.cost = cost;
    return spec;
}

} // namespace

TEST_CASE("a custom admission plugs into a lane: refused until its instant, the task then runs", "[queue][admission]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    const TimePoint opens_at = clock->now() + 5s;
    auto admission = std::make_shared<OpensAt>(opens_at);
    LaneOptions lane;
    lane.admission = admission;
    REQUIRE(engine.add_lane("shared", lane));
    std::atomic<Duration::rep> started_at{-1};
    auto handle = submit_ok(engine, in_lane("shared", 700), [&](TaskContext& context) {
        started_at = clock->now().time_since_epoch().count();
        RateSignals signals;
        signals.remaining_requests = 41;
        context.report_rate_limits(signals);
        return done("ran", 650);
    });
    // Asked once and refused; then the worker sleeps until the instant it was given.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (admission->asked == 0 && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::yield();
    }
    wait_for_sleepers(*clock, 1);
    CHECK_FALSE(handle.ready());
    CHECK(admission->asked >= 1);
    CHECK(admission->admitted == 0);
    // The lone worker is not held by the refused task: the default lane still runs.
    REQUIRE(submit_ok(engine, in_lane(""), [](TaskContext&) { return done(""); }).wait());
    clock->advance(5s);
    REQUIRE(handle.wait());
    CHECK(TimePoint{Duration{started_at.load()}} == opens_at);
    CHECK(admission->admitted == 1);
    CHECK(admission->released == 1);
    CHECK(admission->last_cost == 700);
    CHECK(admission->settled_cost == 650);
    CHECK(admission->reported_remaining == 41);
}

TEST_CASE("the engine never asks admission under its lock: an admission may call back into the engine",
          "[queue][admission]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 2));
    auto admission = std::make_shared<CallsBack>();
    admission->engine = &engine;
    LaneOptions lane;
    lane.admission = admission;
    REQUIRE(engine.add_lane("remote", lane));
    auto handle = submit_ok(engine, in_lane("remote"), [](TaskContext& context) {
        context.report_rate_limits(RateSignals{});
        return done("ok");
    });
    REQUIRE(handle.wait());
    CHECK(handle.wait()->payload == "ok");
    // While it is asked, the task already counts as running, so the lane's concurrency cap holds meanwhile.
    CHECK(admission->running_seen == 1);
}

TEST_CASE("a task the admission refuses keeps its turn ahead of tasks queued after it", "[queue][admission]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    LaneOptions limited;
    limited.requests = RateLimit{60, 1};
    REQUIRE(engine.add_lane("api", limited));
    Log order;
    const auto named = [&](std::string name) {
        return [&order, name](TaskContext&) {
            order.add(name);
            return done(name);
        };
    };
    auto first = submit_ok(engine, in_lane("api"), named("first"));
    REQUIRE(first.wait());
    // Both are queued before the worker can look, so "second" is refused with "third" behind it.
    std::vector<Submission> batch;
    batch.push_back(Submission{in_lane("api"), named("second")});
    batch.push_back(Submission{in_lane("api"), named("third")});
    auto handles = engine.try_submit_batch(std::move(batch));
    REQUIRE(handles[0]);
    REQUIRE(handles[1]);
    auto second = *handles[0];
    auto third = *handles[1];
    wait_for_sleepers(*clock, 1);
    clock->advance(1s);
    REQUIRE(second.wait());
    clock->advance(1s);
    REQUIRE(third.wait());
    CHECK(order.items() == std::vector<std::string>{"first", "second", "third"});
}

TEST_CASE("a lane without limits or admission runs its tasks without asking anything", "[queue][admission]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 1));
    auto handle = submit_ok(engine, in_lane(""), [](TaskContext& context) {
        RateSignals signals;
        signals.remaining_requests = 0;
        signals.reset_requests = 1h;
        context.report_rate_limits(signals); // nothing to tighten: the next task is not held
        return done("");
    });
    REQUIRE(handle.wait());
    REQUIRE(submit_ok(engine, in_lane(""), [](TaskContext&) { return done("next"); }).wait());
}
