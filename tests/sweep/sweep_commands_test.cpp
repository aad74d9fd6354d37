// `parley sweep --redis`, its status/collect/redrive subcommands and `parley worker` against a real redis-server:
// bad input is one line and exit 2, a job a worker cannot run ends in the dead letters with its error.

#include <catch2/catch.hpp>

#include <algorithm>

#include "redis/jobs.hpp"
#include "support/redis_connect.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"
#include "sweep/matrix.hpp"

using parley::testing::RedisServer;
using parley::testing::RedisServerOptions;
using parley::testing::run_parley;
using parley::testing::TempDir;

TEST_CASE("a bad Redis URL is exit 2 with one line, before anything is enqueued", "[redis][sweep]") {
    auto status = run_parley({"sweep", "status", "sw-000000000000", "--redis", "http://127.0.0.1:6379"});
    CHECK(status.exit_code == 2);
    CHECK(status.err.find("redis://") != std::string::npos);
    auto worker = run_parley({"worker", "--redis", "redis://127.0.0.1:notaport/0"});
    CHECK(worker.exit_code == 2);
}

TEST_CASE("a wrong Redis password is exit 2 and the password is never shown", "[redis][sweep]") {
    RedisServer redis(RedisServerOptions{false, "right-horse-battery"});
    const auto url = "redis://:wrong-staple-9@127.0.0.1:" + std::to_string(redis.port()) + "/0";
    auto status = run_parley({"sweep", "status", "sw-000000000000", "--redis", url});
    CHECK(status.exit_code == 2);
    CHECK(status.err.find("wrong-staple-9") == std::string::npos);
    CHECK(std::count(status.err.begin(), status.err.end(), '\n') == 1);
}

TEST_CASE("status of a sweep Redis does not hold is exit 2 naming it", "[redis][sweep]") {
    RedisServer redis;
    auto status = run_parley({"sweep", "status", "sw-0123456789ab", "--redis", redis.url()});
    CHECK(status.exit_code == 2);
    CHECK(status.err.find("no sweep sw-0123456789ab") != std::string::npos);
}

TEST_CASE("a job of another format version goes to the dead letters with its error, and can be re-driven",
          "[redis][sweep]") {
    RedisServer redis;
    {
        parley::sweep::JobQueueOptions options;
        options.signing_key = parley::testing::kTestSigningKey;
        auto queue = parley::sweep::RedisJobQueue::open(parley::testing::connect_to(redis), options);
        REQUIRE(queue);
        REQUIRE(queue->enqueue("sw-feedfeedfeed", {{"j-1", R"({"version": 99, "id": "j-1"})"}}));
    }
    TempDir dir;
    auto worker = run_parley(
        {"worker", "--redis", redis.url(), "--max-idle", "1", "--work-dir", (dir.path() / "w").string(), "-q"}, {},
        {parley::testing::kTestSigningEnv});
    INFO(worker.err);
    CHECK(worker.exit_code == 0);
    CHECK(worker.err.find("format version 99") != std::string::npos);
    auto status = run_parley({"sweep", "status", "sw-feedfeedfeed", "--redis", redis.url()});
    CHECK(status.exit_code == 0);
    CHECK(status.out.find("0/1 done, 0 running, 0 queued, 1 dead") != std::string::npos);
    CHECK(status.out.find("dead: j-1") != std::string::npos);
    auto collect = run_parley(
        {"sweep", "collect", "sw-feedfeedfeed", "--redis", redis.url(), "-o", (dir.path() / "out").string()});
    CHECK(collect.exit_code == 1);
    auto redrive = run_parley({"sweep", "redrive", "sw-feedfeedfeed", "--redis", redis.url()});
    CHECK(redrive.exit_code == 0);
    CHECK(redrive.out.find("1 dead jobs queued again") != std::string::npos);
}

TEST_CASE("a worker that lacks a job's API key stops with exit 2 and leaves the job for another worker",
          "[redis][sweep]") {
    RedisServer redis;
    const std::string config = R"({"agents": [{"id": "a", "name": "A", "role": "architect", "model": "m",
        "provider": "openai-compatible", "baseUrl": "http://127.0.0.1:9/v1", "apiKeyEnv": "PARLEY_TEST_ABSENT_KEY"}],
        "judge": {"id": "j", "name": "J", "role": "generalist", "model": "m", "provider": "offline"}})";
    const auto sweep = parley::sweep::make_sweep({{"p.md", "Design a queue."}}, {{"c.json", config}}, {}, std::nullopt);
    {
        parley::sweep::JobQueueOptions options;
        options.signing_key = parley::testing::kTestSigningKey;
        auto queue = parley::sweep::RedisJobQueue::open(parley::testing::connect_to(redis), options);
        REQUIRE(queue);
        REQUIRE(queue->enqueue(sweep.id, {{sweep.jobs[0].id, parley::sweep::job_to_json(sweep.jobs[0]).dump()}}));
    }
    TempDir dir;
    auto worker = run_parley({"worker", "--redis", redis.url(), "--max-idle", "1", "--work-dir",
                              (dir.path() / "w").string(), "--env-file", dir.write(".env", "").string(), "--allow",
                              "http://127.0.0.1:9/v1=PARLEY_TEST_ABSENT_KEY"},
                             {}, {parley::testing::kTestSigningEnv});
    CHECK(worker.exit_code == 2);
    CHECK(worker.err.find("PARLEY_TEST_ABSENT_KEY") != std::string::npos);
    auto status = run_parley({"sweep", "status", sweep.id, "--redis", redis.url()});
    CHECK(status.out.find("0/1 done, 0 running, 1 queued, 0 dead") != std::string::npos);
}
