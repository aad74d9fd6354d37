// A worker whose lease is lost (it stalled and another worker took the job) stops that debate at once: it makes
// no more calls for it and sends nothing back, so the job stays with its new holder.

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "fake/scenario.hpp"
#include "redis/jobs.hpp"
#include "support/redis_connect.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"
#include "sweep/matrix.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;
using namespace std::chrono_literals;
using parley::testing::RedisServer;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

constexpr const char* kKeyEnv = "PARLEY_LEASE_KEY";

// Two debaters and a judge on the fake, one call at a time: a debate of 7 calls that takes over 4 seconds.
std::string slow_config(const std::string& base_url) {
    auto participant = [&](const std::string& id, const std::string& role) {
        return json{{"id", id},
                    {"name", id},
                    {"role", role},
                    {"model", "fake-1"},
                    {"provider", "openai-compatible"},
                    {"baseUrl", base_url},
                    {"apiKeyEnv", kKeyEnv},
                    {"stream", false}};
    };
    return json{{"agents",
                 json::array({participant("agent-architect", "architect"), participant("agent-security", "security")})},
                {"judge", participant("judge-main", "generalist")},
                {"debate", {{"rounds", 1}, {"summarization", {{"enabled", false}}}}},
                {"queue", {{"workers", 1}, {"defaultLane", {{"concurrency", 1}}}}}}
        .dump();
}

} // namespace

TEST_CASE("a worker that loses its lease stops that debate and sends no result back", "[redis][sweep][slow]") {
    parley::testing::ScenarioOptions scenario_options;
    scenario_options.deterministic = true;
    scenario_options.base.latency = 600ms;
    parley::testing::Scenario scenario(scenario_options);
    parley::testing::FakeOptions fake_options;
    fake_options.responder = scenario.responder();
    parley::testing::FakeProvider fake(fake_options);
    RedisServer redis;
    const auto sweep = parley::sweep::make_sweep({{"p.md", "Design a cache."}},
                                                 {{"c.json", slow_config(fake.base_url())}}, {}, std::nullopt);
    const auto redis_connection = parley::testing::connect_to(redis);
    parley::sweep::JobQueueOptions options;
    options.signing_key = parley::testing::kTestSigningKey;
    auto queue = parley::sweep::RedisJobQueue::open(redis_connection, options);
    REQUIRE(queue);
    REQUIRE(queue->enqueue(sweep.id, {{sweep.jobs[0].id, parley::sweep::job_to_json(sweep.jobs[0]).dump()}}));

    TempDir dir;
    parley::testing::CommandResult worker;
    std::thread running([&] {
        worker = run_parley({"worker", "--redis", redis.url(), "--lease", "3", "--max-idle", "2", "--work-dir",
                             (dir.path() / "w").string(), "--allow", fake.base_url() + "=" + kKeyEnv},
                            {}, {std::string(kKeyEnv) + "=sk-lease-1", parley::testing::kTestSigningEnv});
    });
    // Once the debate is two calls in, another consumer takes the job over, as after a stall past the lease.
    const auto give_up = std::chrono::steady_clock::now() + 30s;
    while (scenario.log().size() < 2 && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(10ms);
    }
    auto pending = redis_connection->command({"XPENDING", queue->stream_key(), "workers", "-", "+", "10"});
    REQUIRE(pending);
    REQUIRE(pending->elements.size() == 1);
    const auto entry = pending->elements[0].elements[0].text;
    REQUIRE(redis_connection->command({"XCLAIM", queue->stream_key(), "workers", "thief", "0", entry, "JUSTID"}));
    running.join();
    INFO(worker.err);
    CHECK(worker.exit_code == 0);
    CHECK_THAT(worker.err, Contains("lease lost to another worker; stopping its debate"));
    // The renewal that finds the loss comes within a second (the lease is renewed every third of it); the debate's
    // calls stop with it, far short of its 7.
    CHECK(scenario.log().size() < 7);
    auto counts = queue->status(sweep.id);
    REQUIRE(counts);
    CHECK(counts->done == 0);
    CHECK(counts->running == 1);
    auto results = queue->results(sweep.id);
    REQUIRE(results);
    CHECK(results->empty());
}
