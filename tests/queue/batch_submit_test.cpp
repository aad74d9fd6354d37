#include <catch2/catch.hpp>

#include <atomic>

#include "engine_fixtures.hpp"

using namespace parley;
using namespace parley::queue;
using namespace parley::queue::testing;
using namespace std::chrono_literals;

namespace {

Submission task(std::string key, std::string lane, std::string payload) {
    TaskSpec spec;
    spec.key = std::move(key);
    spec.lane = std::move(lane);
    return Submission{std::move(spec), [payload](TaskContext&) {
                          return done(payload);
                      }};
}

} // namespace

TEST_CASE("a batch submit answers each task in order: accepted, joined, refused", "[queue][batch]") {
    Engine engine(manual_options(std::make_shared<ManualClock>(), 2));
    std::vector<Submission> batch;
    batch.push_back(task("a", "", "A"));
    batch.push_back(task("b", "", "B"));
    batch.push_back(task("a", "", "A again"));
    batch.push_back(task("c", "nowhere", "C"));
    batch.push_back(task({}, "", "unkeyed"));
    auto results = engine.try_submit_batch(std::move(batch));
    REQUIRE(results.size() == 5);
    REQUIRE(results[0]);
    REQUIRE(results[1]);
    REQUIRE(results[2]);
    REQUIRE_FALSE(results[3]);
    CHECK(results[3].error().kind == ErrorKind::config);
    REQUIRE(results[4]);
    CHECK(results[0]->wait()->payload == "A");
    CHECK(results[1]->wait()->payload == "B");
    CHECK(results[2]->wait()->payload == "A"); // joined the first "a"
    CHECK(results[4]->wait()->payload == "unkeyed");
    const auto counters = engine.metrics().total.counters;
    CHECK(counters.submitted == 3);
    CHECK(counters.coalesced == 1);
}

TEST_CASE("a batch submit beyond capacity refuses the overflow with a transient error", "[queue][batch]") {
    auto clock = std::make_shared<ManualClock>();
    auto options = manual_options(clock, 1);
    options.capacity = 2;
    Engine engine(options);
    Gate gate;
    std::vector<Submission> batch;
    for (int i = 0; i < 4; ++i) {
        batch.push_back(Submission{TaskSpec{}, [&gate](TaskContext&) {
                                       gate.wait();
                                       return done("");
                                   }});
    }
    auto results = engine.try_submit_batch(std::move(batch));
    CHECK(results[0]);
    CHECK(results[1]);
    REQUIRE_FALSE(results[2]);
    CHECK(results[2].error().kind == ErrorKind::transient);
    CHECK_FALSE(results[3]);
    gate.open();
    CHECK(results[0]->wait());
    CHECK(results[1]->wait());
    CHECK(engine.metrics().total.counters.rejected == 2);
}

TEST_CASE("submit_batch waits for room until its deadline", "[queue][batch]") {
    auto clock = std::make_shared<ManualClock>();
    auto options = manual_options(clock, 1);
    options.capacity = 1;
    Engine engine(options);
    Gate gate;
    auto held = submit_ok(engine, TaskSpec{}, [&gate](TaskContext&) {
        gate.wait();
        return done("held");
    });
    std::vector<Submission> batch;
    batch.push_back(Submission{TaskSpec{}, [](TaskContext&) {
                                   return done("later");
                               }});
    std::atomic<bool> returned{false};
    std::jthread submitter([&] {
        auto results = engine.submit_batch(std::move(batch), clock->now() + 1h);
        REQUIRE(results.size() == 1);
        REQUIRE(results[0]);
        CHECK(results[0]->wait()->payload == "later");
        returned = true;
    });
    gate.open();
    REQUIRE(held.wait());
    submitter.join();
    CHECK(returned);
}

TEST_CASE("idle workers spin only briefly, then sleep", "[queue][engine]") {
    auto clock = std::make_shared<ManualClock>();
    auto options = manual_options(clock, 2);
    options.idle_spin = 1ms;
    Engine engine(options);
    REQUIRE(submit_ok(engine, TaskSpec{}, [](TaskContext&) { return done(""); }).wait());
    wait_for_sleepers(*clock, 2);
    options.idle_spin = 2ms;
    CHECK_THROWS_AS(Engine(options), std::invalid_argument);
}
