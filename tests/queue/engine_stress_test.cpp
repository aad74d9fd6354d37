#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <set>

#include "engine_fixtures.hpp"

using namespace parley;
using namespace parley::queue;
using namespace parley::queue::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kProducers = 8;
constexpr int kTasksPerProducer = 400;
constexpr int kTasks = kProducers * kTasksPerProducer;
constexpr int kMaxAttempts = 4;

// A fixed pseudo-random verdict per (task, attempt), so a failing run can be replayed.
bool fails_transiently(int id, int attempt) {
    std::uint64_t bits = static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(attempt);
    bits ^= bits >> 31;
    bits *= 0xBF58476D1CE4E5B9ULL;
    bits ^= bits >> 29;
    return bits % 10 < 3;
}

struct LaneProbe {
    std::atomic<int> running{0};
    std::atomic<int> most{0};

    void enter() {
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
    }
    void leave() { --running; }
};

} // namespace

TEST_CASE("under many producers and random transient failures every task ends exactly once", "[queue][stress]") {
    EngineOptions options;
    options.workers = 4;
    options.capacity = 256;
    options.default_lane.retry.max_attempts = kMaxAttempts;
    options.default_lane.retry.base_delay = 20us;
    options.default_lane.retry.max_delay = 200us;
    // Failures here are independent, not a dead endpoint: the breaker must not hold lanes for its cool-down.
    options.default_lane.breaker.failure_threshold = kTasks;
    Engine engine(options);
    const std::array<std::string, 3> lanes{"", "a", "b"};
    const std::array<std::size_t, 3> limits{4, 2, 3};
    for (std::size_t i = 1; i < lanes.size(); ++i) {
        LaneOptions lane = options.default_lane;
        lane.max_concurrency = limits[i];
        REQUIRE(engine.add_lane(lanes[i], lane));
    }
    std::array<LaneProbe, 3> probes;
    std::vector<std::atomic<int>> good_runs(kTasks);
    std::vector<std::atomic<int>> endings(kTasks);
    std::vector<std::optional<TaskHandle>> handles(kTasks);
    std::atomic<int> refused{0};

    {
        std::vector<std::jthread> producers;
        for (int p = 0; p < kProducers; ++p) {
            producers.emplace_back([&, p] {
                for (int n = 0; n < kTasksPerProducer; ++n) {
                    const int id = p * kTasksPerProducer + n;
                    const auto lane = static_cast<std::size_t>(id % 3);
                    TaskSpec spec;
                    spec.key = "task-" + std::to_string(id);
                    spec.lane = lanes[lane];
                    spec.priority = static_cast<Priority>(id % kPriorityLevels);
                    spec.on_event = [&endings, id](const TaskEvent& event) {
                        if (event.kind == TaskEvent::Kind::succeeded || event.kind == TaskEvent::Kind::failed ||
                            event.kind == TaskEvent::Kind::cancelled) {
                            ++endings[static_cast<std::size_t>(id)];
                        }
                    };
                    auto handle = engine.submit(
                        spec,
                        [&, id, lane](TaskContext& context) -> Result<Completion> {
                            probes[lane].enter();
                            Result<Completion> outcome = done(std::to_string(id));
                            if (id % 97 == 0) {
                                outcome = tl::make_unexpected(
                                    Error{ErrorKind::permanent, "400 bad request", 400, std::nullopt});
                            } else if (fails_transiently(id, context.attempt())) {
                                outcome = transient("503 unavailable");
                            } else {
                                ++good_runs[static_cast<std::size_t>(id)];
                            }
                            probes[lane].leave();
                            return outcome;
                        },
                        engine.clock().now() + 30s);
                    if (handle) {
                        handles[static_cast<std::size_t>(id)] = *handle;
                    } else {
                        ++refused;
                    }
                }
            });
        }
    }
    REQUIRE(refused == 0);

    int succeeded = 0;
    int wrong_payloads = 0;
    int not_exactly_once = 0;
    std::set<std::string> failed_keys;
    for (int id = 0; id < kTasks; ++id) {
        const auto index = static_cast<std::size_t>(id);
        const auto& result = handles[index]->wait();
        if (result) {
            ++succeeded;
            wrong_payloads += result->payload == std::to_string(id) ? 0 : 1;
            not_exactly_once += good_runs[index] == 1 ? 0 : 1;
        } else {
            failed_keys.insert("task-" + std::to_string(id));
            not_exactly_once += good_runs[index] == 0 ? 0 : 1;
        }
        not_exactly_once += endings[index] == 1 ? 0 : 1;
    }
    CHECK(wrong_payloads == 0);
    CHECK(not_exactly_once == 0);
    std::set<std::string> dead_keys;
    const auto letters = engine.dead_letters();
    REQUIRE(letters);
    for (const auto& letter : *letters) {
        dead_keys.insert(letter.key);
    }
    CHECK(dead_keys == failed_keys);
    CHECK(succeeded + static_cast<int>(failed_keys.size()) == kTasks);
    // Permanent failures alone guarantee dead letters; transient ones guarantee retries.
    CHECK(failed_keys.size() >= static_cast<std::size_t>(kTasks / 97));
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        CHECK(probes[i].most <= static_cast<int>(limits[i]));
    }
    const auto metrics = engine.metrics();
    CHECK(metrics.total.counters.submitted == kTasks);
    CHECK(metrics.total.counters.succeeded == static_cast<std::uint64_t>(succeeded));
    CHECK(metrics.total.counters.dead_lettered == failed_keys.size());
    CHECK(metrics.total.counters.cancelled == 0);
    CHECK(metrics.total.counters.retried > 0);
    CHECK(metrics.total.depth == 0);
    CHECK(metrics.total.running == 0);
    CHECK(engine.shutdown(1s).clean());
}
