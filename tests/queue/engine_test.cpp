#include <catch2/catch.hpp>

#include <atomic>
#include <map>

#include "engine_fixtures.hpp"

using namespace parley;
using namespace parley::queue;
using namespace parley::queue::testing;
using namespace std::chrono_literals;

namespace {

/// A completed-result store in memory.
class MemoryStore final : public ResultStore {
public:
    Result<std::optional<Completion>> find(std::string_view key) override {
        std::lock_guard lock(mutex_);
        ++finds_;
        auto it = results_.find(std::string(key));
        if (it == results_.end()) {
            return std::optional<Completion>();
        }
        return std::optional<Completion>(it->second);
    }
    Result<void> save(std::string_view key, const Completion& completion) override {
        std::lock_guard lock(mutex_);
        results_[std::string(key)] = completion;
        return {};
    }
    std::optional<Completion> get(const std::string& key) {
        std::lock_guard lock(mutex_);
        auto it = results_.find(key);
        return it == results_.end() ? std::nullopt : std::optional<Completion>(it->second);
    }

private:
    std::mutex mutex_;
    std::map<std::string, Completion> results_;
    int finds_ = 0;
};

TaskSpec spec(std::string key = {}, Priority priority = Priority::standard, std::string lane = {}) {
    TaskSpec s;
    s.key = std::move(key);
    s.priority = priority;
    s.lane = std::move(lane);
    return s;
}

} // namespace

TEST_CASE("engine runs a task and hands back its payload, cost and attempts", "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 2));
    auto handle = submit_ok(engine, spec("k"), [](TaskContext& context) {
        return done("answer " + std::to_string(context.attempt()), 42);
    });
    const auto& result = handle.wait();
    REQUIRE(result);
    CHECK(result->payload == "answer 1");
    CHECK(result->cost == 42);
    CHECK(result->attempts == 1);
    CHECK_FALSE(result->from_store);
    const auto metrics = engine.metrics();
    CHECK(metrics.total.counters.submitted == 1);
    CHECK(metrics.total.counters.succeeded == 1);
    CHECK(metrics.total.wait.count() == 1);
}

TEST_CASE("engine starts queued tasks by priority and in submit order within a priority", "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 1));
    Gate gate;
    Log order;
    auto blocker = submit_ok(engine, spec(), [&](TaskContext&) {
        gate.wait();
        return done("");
    });
    std::vector<TaskHandle> handles;
    const std::vector<std::pair<std::string, Priority>> tasks{{"low-1", Priority::low},   {"std-1", Priority::standard},
                                                              {"high-1", Priority::high}, {"std-2", Priority::standard},
                                                              {"high-2", Priority::high}, {"low-2", Priority::low}};
    for (const auto& [name, priority] : tasks) {
        handles.push_back(submit_ok(engine, spec({}, priority), [&order, name = name](TaskContext&) {
            order.add(name);
            return done(name);
        }));
    }
    gate.open();
    for (auto& handle : handles) {
        REQUIRE(handle.wait());
    }
    CHECK(order.items() == std::vector<std::string>{"high-1", "high-2", "std-1", "std-2", "low-1", "low-2"});
}

TEST_CASE("try_submit refuses with a transient error when the queue is full and counts it", "[queue][engine]") {
    auto options = manual_options(std::make_shared<ManualClock>(), 1);
    options.capacity = 2;
    Engine engine(options);
    Gate gate;
    auto running = submit_ok(engine, spec(), [&](TaskContext&) {
        gate.wait();
        return done("");
    });
    auto queued = submit_ok(engine, spec(), [](TaskContext&) { return done(""); });
    auto refused = engine.try_submit(spec(), [](TaskContext&) { return done(""); });
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == ErrorKind::transient);
    CHECK_THAT(refused.error().message, Catch::Contains("full"));
    CHECK(engine.metrics().total.counters.rejected == 1);
    gate.open();
    CHECK(running.wait());
    CHECK(queued.wait());
}

TEST_CASE("submit blocks while the queue is full and goes through when room frees", "[queue][engine]") {
    auto clock = std::make_shared<ManualClock>();
    auto options = manual_options(clock, 1);
    options.capacity = 1;
    Engine engine(options);
    Gate started;
    Gate gate;
    auto running = submit_ok(engine, spec(), [&](TaskContext&) {
        started.open();
        gate.wait();
        return done("first");
    });
    started.wait();
    std::atomic<bool> room_freed{false};
    std::atomic<bool> accepted_before_room{false};
    std::optional<Result<TaskHandle>> second;
    std::jthread submitter([&] {
        second = engine.submit(
            spec(), [](TaskContext&) { return done("second"); }, clock->now() + 1h);
        accepted_before_room = !room_freed.load();
    });
    // The only worker is busy, so the one thread asleep on the clock is the blocked submitter.
    wait_for_sleepers(*clock, 1);
    room_freed = true;
    gate.open();
    submitter.join();
    CHECK_FALSE(accepted_before_room);
    REQUIRE(second);
    REQUIRE(*second);
    CHECK((*second)->wait()->payload == "second");
}

TEST_CASE("submit gives up at its deadline when no room frees", "[queue][engine]") {
    auto clock = std::make_shared<ManualClock>();
    auto options = manual_options(clock, 1);
    options.capacity = 1;
    Engine engine(options);
    Gate started;
    Gate gate;
    auto running = submit_ok(engine, spec(), [&](TaskContext&) {
        started.open();
        gate.wait();
        return done("");
    });
    started.wait();
    const TimePoint deadline = clock->now() + 5s;
    std::optional<Result<TaskHandle>> refused;
    std::jthread submitter([&] {
        refused = engine.submit(
            spec(), [](TaskContext&) { return done(""); }, deadline);
    });
    wait_for_sleepers(*clock, 1);
    clock->advance(5s);
    submitter.join();
    REQUIRE(refused);
    REQUIRE_FALSE(*refused);
    CHECK(refused->error().kind == ErrorKind::transient);
    CHECK(engine.metrics().total.counters.rejected == 1);
    gate.open();
    CHECK(running.wait());
}

TEST_CASE("engine retry waits the server's Retry-After instead of its own backoff", "[queue][engine]") {
    auto clock = std::make_shared<ManualClock>();
    auto options = manual_options(clock, 1);
    options.default_lane.retry.base_delay = 1s;
    options.default_lane.retry.max_delay = 10s;
    Engine engine(options);
    const TimePoint start = clock->now();
    std::atomic<Duration::rep> second_attempt_at{0};
    Log waits;
    Gate retrying;
    TaskSpec s = spec("k");
    s.on_event = [&](const TaskEvent& event) {
        if (event.kind == TaskEvent::Kind::retrying) {
            waits.add(std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(event.retry_in).count()));
            retrying.open();
        }
    };
    auto handle = submit_ok(engine, s, [&](TaskContext& context) {
        if (context.attempt() == 1) {
            return transient("429 too many requests", 7000ms);
        }
        second_attempt_at = (clock->now() - start).count();
        return done("ok");
    });
    // The worker reports the retry, then parks the task and falls asleep on the clock.
    retrying.wait();
    wait_for_sleepers(*clock, 1);
    clock->advance(7s);
    REQUIRE(handle.wait());
    CHECK(waits.items() == std::vector<std::string>{"7000"});
    CHECK(Duration{second_attempt_at.load()} == 7s);
    CHECK(handle.wait()->attempts == 2);
    CHECK(engine.metrics().total.counters.retried == 1);
}

TEST_CASE("a server wait above max_delay fails the task at once with the reason", "[queue][engine][hostile]") {
    auto clock = std::make_shared<ManualClock>();
    auto options = manual_options(clock, 1);
    options.default_lane.retry.max_delay = 1s;
    Engine engine(options);
    std::atomic<int> calls{0};
    auto handle = submit_ok(engine, spec("k"), [&](TaskContext&) {
        ++calls;
        return transient("429 too many requests", std::chrono::hours(24 * 3653));
    });
    const auto& result = handle.wait();
    REQUIRE_FALSE(result);
    CHECK(calls == 1);
    CHECK(result.error().message == "429 too many requests (server asked to wait 10 years; above maxDelayMs=1000)");
    const auto letters = engine.dead_letters().value();
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].errors[0].error.message == result.error().message);
}

TEST_CASE("a permanent error goes to the dead letters at once with its context", "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 1));
    std::atomic<int> calls{0};
    auto handle = submit_ok(engine, spec("bad-request", Priority::high), [&](TaskContext&) -> Result<Completion> {
        ++calls;
        return tl::make_unexpected(Error{ErrorKind::permanent, "400 context too long", 400, std::nullopt});
    });
    const auto& result = handle.wait();
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == ErrorKind::permanent);
    CHECK(result.error().http_status == 400);
    CHECK(calls == 1);
    const auto letters = engine.dead_letters().value();
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].key == "bad-request");
    CHECK(letters[0].lane.empty());
    CHECK(letters[0].priority == Priority::high);
    CHECK(letters[0].attempts == 1);
    REQUIRE(letters[0].errors.size() == 1);
    CHECK(letters[0].errors[0].error.message == "400 context too long");
    const auto json = letters[0].to_json();
    CHECK(json["errors"][0]["kind"] == "permanent");
    CHECK(engine.metrics().total.counters.dead_lettered == 1);
    CHECK(engine.metrics().total.counters.retried == 0);
}

TEST_CASE("a task failing transiently on every attempt goes to the dead letters after max attempts",
          "[queue][engine]") {
    auto options = manual_options(std::make_shared<ManualClock>(), 2);
    options.default_lane.retry.max_attempts = 3;
    Engine engine(options);
    std::atomic<int> calls{0};
    auto handle = submit_ok(engine, spec("flaky"), [&](TaskContext& context) {
        ++calls;
        return transient("503 attempt " + std::to_string(context.attempt()));
    });
    REQUIRE_FALSE(handle.wait());
    CHECK(handle.wait().error().message == "503 attempt 3");
    CHECK(calls == 3);
    const auto letters = engine.dead_letters().value();
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].attempts == 3);
    REQUIRE(letters[0].errors.size() == 3);
    CHECK(letters[0].errors[0].error.message == "503 attempt 1");
    CHECK(letters[0].errors[2].error.message == "503 attempt 3");
    const auto counters = engine.metrics().total.counters;
    CHECK(counters.retried == 2);
    CHECK(counters.failed == 3);
    CHECK(counters.dead_lettered == 1);
}

TEST_CASE("a dead letter can be re-driven and then succeeds", "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 1));
    std::atomic<bool> endpoint_fixed{false};
    auto first = submit_ok(engine, spec("k"), [&](TaskContext&) -> Result<Completion> {
        if (!endpoint_fixed) {
            return tl::make_unexpected(Error{ErrorKind::auth, "401 bad key", 401, std::nullopt});
        }
        return done("fixed");
    });
    REQUIRE_FALSE(first.wait());
    const auto letters = engine.dead_letters().value();
    REQUIRE(letters.size() == 1);
    endpoint_fixed = true;
    auto again = engine.redrive(letters[0].id);
    REQUIRE(again);
    REQUIRE(again->wait());
    CHECK(again->wait()->payload == "fixed");
    CHECK(engine.dead_letters().value().empty());
    CHECK_FALSE(engine.redrive(letters[0].id));
}

TEST_CASE("a duplicate submit of an in-flight key joins it: one execution, both callers get the result",
          "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 2));
    Gate gate;
    std::atomic<int> calls{0};
    const auto work = [&](TaskContext&) {
        ++calls;
        gate.wait();
        return done("shared");
    };
    auto first = submit_ok(engine, spec("same"), work);
    auto second = submit_ok(engine, spec("same"), work);
    gate.open();
    REQUIRE(first.wait());
    REQUIRE(second.wait());
    CHECK(first.wait()->payload == "shared");
    CHECK(second.wait()->payload == "shared");
    CHECK(calls == 1);
    CHECK(engine.metrics().total.counters.coalesced == 1);
    CHECK(engine.metrics().total.counters.submitted == 1);
}

TEST_CASE("a completed-store hit skips execution", "[queue][engine]") {
    auto store = std::make_shared<MemoryStore>();
    REQUIRE(store->save("seen", Completion{"from the journal", 9, 2, false}));
    auto options = manual_options(std::make_shared<ManualClock>(), 1);
    options.store = store;
    Engine engine(options);
    std::atomic<int> calls{0};
    auto handle = submit_ok(engine, spec("seen"), [&](TaskContext&) {
        ++calls;
        return done("fresh");
    });
    REQUIRE(handle.ready());
    REQUIRE(handle.wait());
    CHECK(handle.wait()->payload == "from the journal");
    CHECK(handle.wait()->from_store);
    CHECK(calls == 0);
    CHECK(engine.metrics().total.counters.cache_hits == 1);
}

TEST_CASE("a keyed task's result is in the completed-result store when its caller gets it", "[queue][engine]") {
    auto store = std::make_shared<MemoryStore>();
    auto options = manual_options(std::make_shared<ManualClock>(), 1);
    options.store = store;
    Engine engine(options);
    auto handle = submit_ok(engine, spec("new"), [](TaskContext&) { return done("computed", 5); });
    REQUIRE(handle.wait());
    const auto saved = store->get("new");
    REQUIRE(saved);
    CHECK(saved->payload == "computed");
    CHECK(saved->cost == 5);
}

namespace {

/// A store on a full disk: every save fails; reads may fail too.
class FullStore final : public ResultStore {
public:
    explicit FullStore(bool reads_fail) : reads_fail_(reads_fail) {}
    Result<std::optional<Completion>> find(std::string_view) override {
        if (reads_fail_) {
            return fail(ErrorKind::invalid_input, "journal j.sqlite is damaged");
        }
        return std::optional<Completion>();
    }
    Result<void> save(std::string_view, const Completion&) override {
        return fail(ErrorKind::io, "cannot write journal j.sqlite: database or disk is full");
    }

private:
    bool reads_fail_;
};

} // namespace

TEST_CASE("a result the store cannot keep fails its task, and no later task runs", "[queue][engine][store]") {
    auto options = manual_options(std::make_shared<ManualClock>(), 1);
    options.store = std::make_shared<FullStore>(false);
    Engine engine(options);
    std::atomic<int> calls{0};
    auto first = submit_ok(engine, spec("a"), [&](TaskContext&) {
        ++calls;
        return done("paid for");
    });
    REQUIRE_FALSE(first.wait());
    CHECK(first.wait().error().kind == ErrorKind::io);
    CHECK(first.wait().error().message ==
          "a finished call could not be kept: cannot write journal j.sqlite: database or disk is full");
    auto second = submit_ok(engine, spec("b"), [&](TaskContext&) {
        ++calls;
        return done("would be paid for and lost");
    });
    REQUIRE_FALSE(second.wait());
    CHECK_THAT(second.wait().error().message, Catch::StartsWith("not started: an earlier call could not be kept"));
    CHECK(calls == 1);
    CHECK(engine.metrics().total.counters.store_errors == 1);
}

TEST_CASE("a result the store cannot read back is not paid for again", "[queue][engine][store]") {
    auto options = manual_options(std::make_shared<ManualClock>(), 1);
    options.store = std::make_shared<FullStore>(true);
    Engine engine(options);
    std::atomic<int> calls{0};
    auto submitted = engine.try_submit(spec("a"), [&](TaskContext&) {
        ++calls;
        return done("paid twice");
    });
    REQUIRE_FALSE(submitted);
    CHECK(submitted.error().message == "journal j.sqlite is damaged");
    CHECK(calls == 0);
}

TEST_CASE("a lane runs no more tasks at once than its concurrency limit while other lanes go on", "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 3));
    LaneOptions slow;
    slow.max_concurrency = 1;
    REQUIRE(engine.add_lane("slow", slow));
    Gate gate;
    std::atomic<bool> second_started{false};
    auto first = submit_ok(engine, spec({}, Priority::standard, "slow"), [&](TaskContext&) {
        gate.wait();
        return done("");
    });
    auto second = submit_ok(engine, spec({}, Priority::standard, "slow"), [&](TaskContext&) {
        second_started = true;
        return done("");
    });
    auto other = submit_ok(engine, spec(), [](TaskContext&) { return done("other lane"); });
    REQUIRE(other.wait());
    CHECK_FALSE(second_started);
    CHECK(engine.metrics().lanes.at("slow").depth == 1);
    gate.open();
    REQUIRE(second.wait());
    CHECK(second_started);
}

TEST_CASE("a lane's request rate limit delays tasks without holding a worker", "[queue][engine]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    LaneOptions limited;
    limited.requests = RateLimit{60, 1};
    REQUIRE(engine.add_lane("api", limited));
    const TimePoint start = clock->now();
    Log starts;
    const auto record = [&](TaskContext&) {
        starts.add(std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(clock->now() - start).count()));
        return done("");
    };
    auto first = submit_ok(engine, spec({}, Priority::standard, "api"), record);
    auto second = submit_ok(engine, spec({}, Priority::standard, "api"), record);
    REQUIRE(first.wait());
    wait_for_sleepers(*clock, 1);
    // The lone worker is free while the limited task waits: another lane's task runs now.
    REQUIRE(submit_ok(engine, spec(), [](TaskContext&) { return done(""); }).wait());
    clock->advance(1s);
    REQUIRE(second.wait());
    CHECK(starts.items() == std::vector<std::string>{"0", "1000"});
}

TEST_CASE("rate limits a task reports hold its lane until the server's reset", "[queue][engine]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    LaneOptions limited;
    limited.requests = RateLimit{600, 10};
    REQUIRE(engine.add_lane("api", limited));
    const TimePoint start = clock->now();
    std::atomic<Duration::rep> second_at{-1};
    Gate second_submitted;
    auto first = submit_ok(engine, spec({}, Priority::standard, "api"), [&](TaskContext& context) {
        RateSignals signals;
        signals.remaining_requests = 0;
        signals.reset_requests = 30s;
        context.report_rate_limits(signals);
        second_submitted.wait();
        return done("");
    });
    auto second = submit_ok(engine, spec({}, Priority::standard, "api"), [&](TaskContext&) {
        second_at = (clock->now() - start).count();
        return done("");
    });
    second_submitted.open();
    REQUIRE(first.wait());
    wait_for_sleepers(*clock, 1);
    CHECK(second_at == -1);
    clock->advance(30s);
    REQUIRE(second.wait());
    CHECK(Duration{second_at.load()} == 30s);
}

TEST_CASE("an open breaker holds its lane until the cool-down, then a good probe closes it", "[queue][engine]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    LaneOptions lane;
    lane.retry.max_attempts = 1;
    lane.breaker.failure_threshold = 2;
    lane.breaker.cool_down = 10s;
    REQUIRE(engine.add_lane("api", lane));
    REQUIRE_FALSE(
        submit_ok(engine, spec({}, Priority::standard, "api"), [](TaskContext&) { return transient("502"); }).wait());
    Gate probe_submitted;
    auto second_failure = submit_ok(engine, spec({}, Priority::standard, "api"), [&](TaskContext&) {
        probe_submitted.wait();
        return transient("502");
    });
    const TimePoint opened = clock->now();
    std::atomic<Duration::rep> probe_at{-1};
    auto probe = submit_ok(engine, spec({}, Priority::standard, "api"), [&](TaskContext&) {
        probe_at = (clock->now() - opened).count();
        return done("");
    });
    probe_submitted.open();
    REQUIRE_FALSE(second_failure.wait());
    CHECK(engine.metrics().breakers.at("api") == "open");
    wait_for_sleepers(*clock, 1);
    CHECK(probe_at == -1);
    clock->advance(10s);
    REQUIRE(probe.wait());
    CHECK(Duration{probe_at.load()} == 10s);
    CHECK(engine.metrics().breakers.at("api") == "closed");
}

TEST_CASE("an open breaker with fail-fast sends tasks to the dead letters without running them", "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 1));
    LaneOptions lane;
    lane.retry.max_attempts = 1;
    lane.breaker.failure_threshold = 1;
    lane.breaker.fail_fast = true;
    REQUIRE(engine.add_lane("api", lane));
    REQUIRE_FALSE(
        submit_ok(engine, spec({}, Priority::standard, "api"), [](TaskContext&) { return transient("503"); }).wait());
    std::atomic<int> calls{0};
    auto refused = submit_ok(engine, spec("next", Priority::standard, "api"), [&](TaskContext&) {
        ++calls;
        return done("");
    });
    REQUIRE_FALSE(refused.wait());
    CHECK_THAT(refused.wait().error().message, Catch::Contains("circuit breaker"));
    CHECK(calls == 0);
    const auto letters = engine.dead_letters().value();
    REQUIRE(letters.size() == 2);
    CHECK(letters[1].key == "next");
    CHECK(letters[1].attempts == 0);
}

TEST_CASE("cancelling a queued task ends it as cancelled without running it", "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 1));
    Gate gate;
    auto blocker = submit_ok(engine, spec(), [&](TaskContext&) {
        gate.wait();
        return done("");
    });
    std::stop_source stop;
    std::atomic<bool> ran{false};
    TaskSpec s = spec("cancel-me");
    s.stop = stop.get_token();
    auto handle = submit_ok(engine, s, [&](TaskContext&) {
        ran = true;
        return done("");
    });
    stop.request_stop();
    REQUIRE_FALSE(handle.wait());
    CHECK(handle.wait().error().kind == ErrorKind::cancelled);
    CHECK_FALSE(ran);
    CHECK(engine.metrics().total.counters.cancelled == 1);
    gate.open();
    CHECK(blocker.wait());
}

TEST_CASE("cancelling a task that waits for a retry ends it at once", "[queue][engine]") {
    auto options = manual_options(std::make_shared<ManualClock>(), 1);
    options.default_lane.retry.max_delay = std::chrono::hours(2);
    Engine engine(options);
    std::stop_source stop;
    Gate retrying;
    TaskSpec s = spec("k");
    s.stop = stop.get_token();
    s.on_event = [&](const TaskEvent& event) {
        if (event.kind == TaskEvent::Kind::retrying) {
            retrying.open();
        }
    };
    auto handle = submit_ok(engine, s, [](TaskContext&) { return transient("429", 3600000ms); });
    retrying.wait();
    stop.request_stop();
    REQUIRE_FALSE(handle.wait());
    CHECK(handle.wait().error().kind == ErrorKind::cancelled);
    CHECK(engine.metrics().total.depth == 0);
}

TEST_CASE("a running task sees its submitter's cancellation through its stop token", "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 1));
    std::stop_source stop;
    Gate started;
    TaskSpec s = spec();
    s.stop = stop.get_token();
    auto handle = submit_ok(engine, s, [&](TaskContext& context) -> Result<Completion> {
        started.open();
        Gate stopped;
        std::stop_callback on_stop(context.stop_token(), [&] { stopped.open(); });
        stopped.wait();
        return transient("connection aborted");
    });
    started.wait();
    stop.request_stop();
    REQUIRE_FALSE(handle.wait());
    // Whatever the stopped call failed with, it ends as cancelled, not retried.
    CHECK(handle.wait().error().kind == ErrorKind::cancelled);
    CHECK(engine.metrics().total.counters.retried == 0);
}

TEST_CASE("events report start, retry with reason and wait, and the end, in order", "[queue][engine]") {
    auto options = manual_options(std::make_shared<ManualClock>(), 2);
    options.default_lane.retry.base_delay = 0ms;
    Engine engine(options);
    Log events;
    TaskSpec s = spec("k");
    s.on_event = [&](const TaskEvent& event) {
        std::string line;
        switch (event.kind) {
        case TaskEvent::Kind::started:
            line = "started";
            break;
        case TaskEvent::Kind::retrying:
            line = "retrying(" + event.error->message + ")";
            break;
        case TaskEvent::Kind::succeeded:
            line = "succeeded";
            break;
        case TaskEvent::Kind::failed:
            line = "failed";
            break;
        case TaskEvent::Kind::cancelled:
            line = "cancelled";
            break;
        }
        events.add(line + " " + std::string(event.key) + " #" + std::to_string(event.attempt));
    };
    auto handle = submit_ok(engine, s, [](TaskContext& context) {
        return context.attempt() == 1 ? transient("stream stalled") : done("ok");
    });
    REQUIRE(handle.wait());
    CHECK(events.items() ==
          std::vector<std::string>{"started k #1", "retrying(stream stalled) k #1", "started k #2", "succeeded k #2"});
}

TEST_CASE("a task that throws ends in the dead letters instead of killing its worker", "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 1));
    auto thrown =
        submit_ok(engine, spec(), [](TaskContext&) -> Result<Completion> { throw std::runtime_error("boom"); });
    REQUIRE_FALSE(thrown.wait());
    CHECK(thrown.wait().error().kind == ErrorKind::internal);
    CHECK_THAT(thrown.wait().error().message, Catch::Contains("boom"));
    CHECK(submit_ok(engine, spec(), [](TaskContext&) { return done("still working"); }).wait());
}

TEST_CASE("lanes are checked: unknown lanes, duplicates and impossible options are refused", "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 1));
    auto unknown = engine.try_submit(spec({}, Priority::standard, "nowhere"), [](TaskContext&) { return done(""); });
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().kind == ErrorKind::config);
    CHECK_THAT(unknown.error().message, Catch::Contains("nowhere"));
    REQUIRE(engine.add_lane("api", {}));
    CHECK_FALSE(engine.add_lane("api", {}));
    LaneOptions zero;
    zero.max_concurrency = 0;
    CHECK_FALSE(engine.add_lane("zero", zero));
    LaneOptions no_rate;
    no_rate.requests = RateLimit{0, 1};
    CHECK_FALSE(engine.add_lane("no-rate", no_rate));
}

TEST_CASE("shutdown lets running tasks finish within the grace and reports nothing unfinished", "[queue][engine]") {
    auto clock = std::make_shared<ManualClock>();
    Engine engine(manual_options(clock, 1));
    Gate started;
    Gate gate;
    auto running = submit_ok(engine, spec("r"), [&](TaskContext&) {
        started.open();
        gate.wait();
        return done("finished");
    });
    started.wait();
    std::optional<ShutdownReport> report;
    std::jthread stopper([&] { report = engine.shutdown(10s); });
    wait_for_sleepers(*clock, 1);
    gate.open();
    stopper.join();
    REQUIRE(report);
    CHECK(report->clean());
    REQUIRE(running.wait());
    CHECK(running.wait()->payload == "finished");
    auto late = engine.try_submit(spec(), [](TaskContext&) { return done(""); });
    REQUIRE_FALSE(late);
    CHECK(late.error().kind == ErrorKind::cancelled);
}

TEST_CASE("shutdown with a deadline cancels waiting tasks, stops running ones and reports every one",
          "[queue][engine]") {
    auto clock = std::make_shared<ManualClock>();
    auto options = manual_options(clock, 2);
    options.default_lane.retry.max_delay = std::chrono::hours(2);
    Engine engine(options);
    LaneOptions single;
    single.max_concurrency = 1;
    REQUIRE(engine.add_lane("single", single));
    Gate started;
    auto running = submit_ok(engine, spec("running", Priority::standard, "single"), [&](TaskContext& context) {
        started.open();
        Gate stopped;
        std::stop_callback on_stop(context.stop_token(), [&] { stopped.open(); });
        stopped.wait();
        return Result<Completion>(tl::make_unexpected(Error{ErrorKind::cancelled, "stopped", 0, std::nullopt}));
    });
    started.wait();
    auto queued =
        submit_ok(engine, spec("queued", Priority::standard, "single"), [](TaskContext&) { return done(""); });
    Gate retrying;
    TaskSpec delayed_spec = spec("delayed");
    delayed_spec.on_event = [&](const TaskEvent& event) {
        if (event.kind == TaskEvent::Kind::retrying) {
            retrying.open();
        }
    };
    auto delayed = submit_ok(engine, delayed_spec, [](TaskContext&) { return transient("503", 3600000ms); });
    retrying.wait();

    std::optional<ShutdownReport> report;
    std::jthread stopper([&] { report = engine.shutdown(5s); });
    // Queued tasks are cancelled as soon as the shutdown starts; then it waits out the grace on the clock.
    REQUIRE_FALSE(queued.wait());
    REQUIRE_FALSE(delayed.wait());
    wait_for_sleepers(*clock, 2);
    clock->advance(5s);
    stopper.join();
    REQUIRE(report);
    CHECK_FALSE(report->clean());
    std::map<std::string, UnfinishedTask::Stage> stages;
    for (const auto& task : report->unfinished) {
        stages[task.key] = task.stage;
    }
    CHECK(stages == std::map<std::string, UnfinishedTask::Stage>{{"queued", UnfinishedTask::Stage::queued},
                                                                 {"delayed", UnfinishedTask::Stage::waiting_retry},
                                                                 {"running", UnfinishedTask::Stage::interrupted}});
    CHECK(report->to_json()["unfinished"].size() == 3);
    REQUIRE_FALSE(running.wait());
    CHECK(running.wait().error().kind == ErrorKind::cancelled);
    CHECK(engine.metrics().total.counters.cancelled == 3);
}

TEST_CASE("engine metrics snapshot has per-lane counters, depth and latency percentiles", "[queue][engine]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 2));
    REQUIRE(engine.add_lane("api", {}));
    for (int i = 0; i < 5; ++i) {
        REQUIRE(submit_ok(engine, spec({}, Priority::standard, "api"), [](TaskContext&) { return done(""); }).wait());
    }
    const auto json = engine.metrics().to_json();
    CHECK(json["lanes"]["api"]["succeeded"] == 5);
    CHECK(json["lanes"]["api"]["wait"]["count"] == 5);
    CHECK(json["lanes"]["api"]["run"].contains("p99_ms"));
    CHECK(json["lanes"]["api"]["breaker"] == "closed");
    CHECK(json["total"]["succeeded"] == 5);
    CHECK(json["total"]["depth"] == 0);
}
