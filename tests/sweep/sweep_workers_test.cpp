// The distributed sweep end to end: a real redis-server, three `parley worker` processes on the loopback fake
// provider, one killed with SIGKILL mid-debate.

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "fake/scenario.hpp"
#include "support/child_process.hpp"
#include "support/debate_json.hpp"
#include "support/redis_dump.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;
using parley::testing::without_clock;

namespace {

constexpr const char* kKeyEnv = "PARLEY_SWEEP_KEY";
const std::vector<std::string> kEnv{std::string(kKeyEnv) + "=sk-sweep-3b9d", parley::testing::kTestSigningEnv};
constexpr double kRequestsPerMinute = 600; // the shared limit: 10 a second, a bucket of one second's worth

fs::path write_config(const TempDir& dir, const parley::testing::FakeProvider& fake) {
    auto participant = [&](const std::string& id, const std::string& role) {
        return json{{"id", id},
                    {"name", id},
                    {"role", role},
                    {"model", "fake-model-1"},
                    {"provider", "openai-compatible"},
                    {"baseUrl", fake.base_url()},
                    {"apiKeyEnv", kKeyEnv},
                    {"temperature", 0.5},
                    {"stream", false},
                    {"timeouts", {{"connectMs", 1000}, {"firstByteMs", 5000}, {"idleMs", 2000}, {"totalMs", 15000}}}};
    };
    const json config{{"agents", json::array({participant("agent-architect", "architect"),
                                              participant("agent-performance", "performance"),
                                              participant("agent-security", "security")})},
                      {"judge", participant("judge-main", "generalist")},
                      {"debate", {{"rounds", 1}, {"summarization", {{"enabled", false}}}}},
                      {"queue",
                       {{"workers", 4},
                        {"retry", {{"maxAttempts", 10}, {"baseDelayMs", 5}, {"maxDelayMs", 50}}},
                        {"defaultLane", {{"concurrency", 4}, {"requestsPerMinute", kRequestsPerMinute}}}}}};
    return dir.write("config.json", config.dump(2));
}

fs::path write_sweep(const TempDir& dir, const fs::path& config) {
    dir.write("problems/a.md", "Design a job queue for thumbnail rendering: 500 jobs per second, at-least-once.");
    dir.write("problems/b.md", "Design a webhook delivery service with retries and per-customer ordering.");
    dir.write("problems/c.md", "Design a rate limiter shared by 40 API gateway nodes, 1M requests per minute.");
    return dir.write("sweep.json", json{{"problems", json::array({(dir.path() / "problems").string()})},
                                        {"configs", json::array({config.string()})},
                                        {"seeds", json::array({1, 2})}}
                                       .dump());
}

// The most requests any `window` of the log holds.
std::size_t busiest(const std::vector<parley::testing::ScenarioEntry>& log, std::size_t begin, double window_ms) {
    std::size_t most = 0;
    for (std::size_t i = begin, j = begin; i < log.size(); ++i) {
        while (log[i].at_ms - log[j].at_ms > window_ms) {
            ++j;
        }
        most = std::max(most, i - j + 1);
    }
    return most;
}

std::map<std::string, int> answered(const std::vector<parley::testing::ScenarioEntry>& log, std::size_t begin,
                                    std::size_t end) {
    std::map<std::string, int> out;
    for (std::size_t i = begin; i < end; ++i) {
        out[log[i].digest] += log[i].reply == "answer" ? 1 : 0;
    }
    return out;
}

} // namespace

TEST_CASE("three workers with one killed mid-debate finish a sweep as one process would, under one rate limit",
          "[redis][sweep][slow]") {
    TempDir dir;
    parley::testing::ScenarioOptions scenario_options;
    scenario_options.deterministic = true;
    scenario_options.base.latency = 100ms;
    parley::testing::Scenario scenario(scenario_options);
    parley::testing::FakeOptions fake_options;
    fake_options.responder = scenario.responder();
    parley::testing::FakeProvider fake(fake_options);
    parley::testing::RedisServer redis;
    const auto config = write_config(dir, fake);
    const auto sweep = write_sweep(dir, config);

    auto local = run_parley({"sweep", sweep.string(), "-q", "-o", (dir.path() / "local").string()}, {}, kEnv);
    INFO(local.err);
    REQUIRE(local.exit_code == 0);
    const std::size_t base = scenario.log().size();

    auto enqueued = run_parley({"sweep", sweep.string(), "--redis", redis.url(), "--detach"}, {}, kEnv);
    INFO(enqueued.err);
    REQUIRE(enqueued.exit_code == 0);
    const auto at = enqueued.out.find("sw-");
    REQUIRE(at != std::string::npos);
    const auto sweep_id = enqueued.out.substr(at, 15);

    // Worker processes the test kills or waits for, each writing both streams to its log.
    std::vector<std::unique_ptr<parley::testing::ChildProcess>> workers;
    for (int i = 0; i < 3; ++i) {
        const auto work = (dir.path() / ("w" + std::to_string(i))).string();
        const auto log = dir.path() / ("w" + std::to_string(i) + ".log");
        workers.push_back(std::make_unique<parley::testing::ChildProcess>(
            parley::testing::parley_argv({"worker", "--redis", redis.url(), "--lease", "2", "--max-idle", "5",
                                          "--work-dir", work, "-q", "--config", config.string()}),
            parley::testing::ChildOptions{{}, log, log, kEnv, {}}));
    }
    // A debate makes 13 calls (3 proposals, 6 critiques, 3 refinements, the judge). After 24 of the first wave of
    // 39, each worker is some 8 calls into its debate: the first dies with more calls finished than its lane
    // has in flight (4), so paying them again would show below.
    const auto give_up = std::chrono::steady_clock::now() + 60s;
    while (scenario.log().size() < base + 24 && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(10ms);
    }
    workers[0]->signal(SIGKILL);
    CHECK(workers[0]->wait() == 128 + SIGKILL);
    for (std::size_t i = 1; i < workers.size(); ++i) {
        INFO(read_file(dir.path() / ("w" + std::to_string(i) + ".log")));
        CHECK(workers[i]->wait() == 0);
    }

    const auto coll = dir.path() / "collected";
    auto collected = run_parley({"sweep", "collect", sweep_id, "--redis", redis.url(), "-o", coll.string()});
    INFO(collected.out + collected.err);
    REQUIRE(collected.exit_code == 0);
    CHECK(collected.out.find("6/6 done, 0 running, 0 queued, 0 dead") != std::string::npos);

    // Every job done once, and each result identical to the in-process sweep's.
    const auto local_index = json::parse(read_file(dir.path() / "local" / "sweep.json"));
    const auto index = json::parse(read_file(coll / "sweep.json"));
    REQUIRE(index["jobs"].size() == 6);
    for (std::size_t i = 0; i < 6; ++i) {
        const auto& row = index["jobs"][i];
        CHECK(row["index"] == i);
        CHECK(row["status"] == "done");
        CHECK(row["debateId"] == local_index["jobs"][i]["debateId"]);
        CHECK(without_clock(json::parse(read_file(coll / row["json"].get<std::string>()))) ==
              without_clock(json::parse(read_file(dir.path() / "local" / row["json"].get<std::string>()))));
    }

    // No finished call sent again: beyond the in-process sweep's requests, only calls in flight in the killed
    // worker (at most its lane's 4) may be asked twice.
    const auto log = scenario.log();
    const auto once = answered(log, 0, base);
    const auto distributed = answered(log, base, log.size());
    int extra = 0;
    for (const auto& [digest, count] : distributed) {
        const auto it = once.find(digest);
        extra += std::max(0, count - (it == once.end() ? 0 : it->second));
    }
    CHECK(extra <= 4);

    // The three workers together keep to the shared limit: any 5 s hold at most 5 s of it (+2%) and one burst.
    const double per_second = kRequestsPerMinute / 60.0;
    CHECK(static_cast<double>(busiest(log, base, 5000)) <= per_second * 5 * 1.02 + per_second);

    // The workers read the key from their environment; it is nowhere in Redis, key or value.
    const auto contents = parley::testing::redis_contents(redis.url());
    CHECK(contents.find(sweep_id) != std::string::npos);
    CHECK(contents.find("sk-sweep-3b9d") == std::string::npos);
}
