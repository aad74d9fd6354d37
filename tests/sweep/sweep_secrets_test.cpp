// A sweep through Redis against a real redis-server: no secret ever reaches Redis (a config holding one is refused
// before anything is enqueued), and a worker evaluates each debate as `parley debate --eval` does.

#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "support/redis_dump.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;
using parley::testing::read_file;
using parley::testing::redis_contents;
using parley::testing::RedisServer;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::string kSource = PARLEY_SOURCE_DIR;
const std::string kHeaderSecret = "sk-literal-header-4242";
const std::string kEnvSecret = "sk-env-value-7777abcd";
const std::string kOpenAiSecret = "sk-env-openai-5555abcd";
const std::vector<std::string> kEnv{"PARLEY_TEST_SWEEP_KEY=" + kEnvSecret, "OPENAI_API_KEY=" + kOpenAiSecret,
                                    parley::testing::kTestSigningEnv};

// An offline debater and judge, with `extra` merged into the debater.
std::string offline_config(const json& extra) {
    json agent{{"id", "agent-architect"},
               {"name", "A"},
               {"role", "architect"},
               {"model", "parley-offline-1"},
               {"provider", "offline"}};
    agent.update(extra);
    return json{{"agents", json::array({agent})},
                {"judge",
                 {{"id", "judge-main"},
                  {"name", "J"},
                  {"role", "generalist"},
                  {"model", "parley-offline-1"},
                  {"provider", "offline"}}},
                {"debate", {{"rounds", 1}, {"summarization", {{"enabled", false}}}}}}
        .dump(2);
}

std::size_t lines_in(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

TEST_CASE("a sweep whose config holds a literal credential is refused with exit 2 and nothing reaches Redis",
          "[redis][sweep]") {
    RedisServer redis;
    TempDir dir;
    const auto problem = dir.write("p.md", "Design a cache.");
    const auto header =
        dir.write("header.json", offline_config({{"headers", {{"Authorization", "Bearer " + kHeaderSecret}}}}));
    auto refused = run_parley(
        {"sweep", "-p", problem.string(), "-c", header.string(), "--redis", redis.url(), "--detach"}, {}, kEnv);
    INFO(refused.err);
    CHECK(refused.exit_code == 2);
    CHECK(lines_in(refused.err) == 1);
    CHECK_THAT(refused.err, Contains("header.json: agents[0].headers.Authorization holds a literal credential"));
    CHECK_THAT(refused.err, Contains("apiKeyEnv"));
    CHECK(refused.err.find(kHeaderSecret) == std::string::npos);

    // A key pasted into any field, by the value this machine's environment gives its apiKeyEnv.
    const auto pasted =
        dir.write("pasted.json",
                  offline_config({{"apiKeyEnv", "PARLEY_TEST_SWEEP_KEY"}, {"extraParams", {{"user", kEnvSecret}}}}));
    auto also_refused = run_parley(
        {"sweep", "-p", problem.string(), "-c", pasted.string(), "--redis", redis.url(), "--detach"}, {}, kEnv);
    INFO(also_refused.err);
    CHECK(also_refused.exit_code == 2);
    CHECK_THAT(also_refused.err, Contains("pasted.json: holds the value of PARLEY_TEST_SWEEP_KEY"));
    CHECK(also_refused.err.find(kEnvSecret) == std::string::npos);

    const auto contents = redis_contents(redis.url());
    CHECK(contents.find(kHeaderSecret) == std::string::npos);
    CHECK(contents.find(kEnvSecret) == std::string::npos);
    CHECK(contents.find("Design a cache.") == std::string::npos); // no job was enqueued at all
}

TEST_CASE("a worker evaluates each debate of a sweep with an eval; collect writes the scores and the comparison, "
          "and no key is in Redis",
          "[redis][sweep][eval][slow]") {
    RedisServer redis;
    TempDir dir;
    const auto problem = dir.write("p.md", "Design a cache for a product catalogue: 2k reads per second.");
    const auto config = dir.write("c.json", offline_config({{"apiKeyEnv", "PARLEY_TEST_SWEEP_KEY"}}));
    const auto panel = dir.write(
        "panel.json", R"({"agents": [{"id": "review", "model": "parley-offline-1", "provider": "offline"}]})");
    auto enqueued = run_parley({"sweep", "-p", problem.string(), "-c", config.string(), "--seed", "1", "--seed", "2",
                                "--eval", panel.string(), "--redis", redis.url(), "--detach"},
                               {}, kEnv);
    INFO(enqueued.err);
    REQUIRE(enqueued.exit_code == 0);
    const auto id = enqueued.out.substr(7, enqueued.out.find(' ', 7) - 7);
    auto worker = run_parley(
        {"worker", "--redis", redis.url(), "--max-idle", "1", "--work-dir", (dir.path() / "w").string(), "-q"}, {},
        kEnv);
    INFO(worker.err);
    REQUIRE(worker.exit_code == 0);
    const auto out = dir.path() / "out";
    auto collected = run_parley({"sweep", "collect", id, "--redis", redis.url(), "-o", out.string()});
    INFO(collected.err);
    REQUIRE(collected.exit_code == 0);
    const auto index = json::parse(read_file(out / "sweep.json"));
    REQUIRE(index["jobs"].size() == 2);
    for (const auto& row : index["jobs"]) {
        CHECK(row["score"].is_number());
        const auto debate = json::parse(read_file(out / row["json"].get<std::string>()));
        CHECK(debate["parley"]["evaluation"]["overall_score"] == row["score"]);
    }
    const auto csv = read_file(out / "comparison.csv");
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
    CHECK(std::filesystem::exists(out / "comparison.md"));
    CHECK(std::filesystem::exists(out / "comparison.html"));

    const auto contents = redis_contents(redis.url());
    CHECK(contents.find(id) != std::string::npos); // the dump holds the sweep: the search below means something
    CHECK(contents.find(kEnvSecret) == std::string::npos);
    CHECK(contents.find(kOpenAiSecret) == std::string::npos);
}
