// Garbage in Redis does not become a sweep's work or its results: an entry that is not the one the sweep enqueued
// for its job (a copy, another sweep's job) is refused and counted nowhere, one malformed result does not keep
// `sweep collect` from writing the index of the rest, and a key of the wrong type is one clear line.

#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "redis/connection.hpp"
#include "redis/job_signature.hpp"
#include "redis/jobs.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"
#include "sweep/job.hpp"
#include "sweep/matrix.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;
using parley::testing::read_file;
using parley::testing::RedisServer;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::vector<std::string> kEnv{parley::testing::kTestSigningEnv};

std::string offline_config() {
    const json offline{{"model", "parley-offline-1"}, {"provider", "offline"}};
    json agent{{"id", "agent-architect"}, {"name", "A"}, {"role", "architect"}};
    json judge{{"id", "judge-main"}, {"name", "J"}, {"role", "generalist"}};
    agent.update(offline);
    judge.update(offline);
    return json{{"agents", json::array({agent})},
                {"judge", judge},
                {"debate", {{"rounds", 1}, {"summarization", {{"enabled", false}}}}}}
        .dump();
}

std::shared_ptr<parley::sweep::RedisConnection> connect(const RedisServer& redis) {
    auto url = parley::sweep::parse_redis_url(redis.url());
    REQUIRE(url);
    auto connection = parley::sweep::RedisConnection::connect(*url, {});
    REQUIRE(connection);
    return std::shared_ptr<parley::sweep::RedisConnection>(std::move(*connection));
}

// Enqueues a sweep of `seeds` offline debates through the command; returns its id.
std::string enqueue(const RedisServer& redis, const TempDir& dir, const std::vector<std::string>& seeds) {
    const auto problem = dir.write("p.md", "Design a queue for thumbnail jobs.");
    const auto config = dir.write("c.json", offline_config());
    std::vector<std::string> args{"sweep", "-p", problem.string(), "-c", config.string()};
    for (const auto& seed : seeds) {
        args.insert(args.end(), {"--seed", seed});
    }
    args.insert(args.end(), {"--redis", redis.url(), "--detach", "-q"});
    auto enqueued = run_parley(args, {}, kEnv);
    INFO(enqueued.err);
    REQUIRE(enqueued.exit_code == 0);
    return enqueued.out.substr(7, enqueued.out.find(' ', 7) - 7);
}

parley::testing::CommandResult run_worker(const RedisServer& redis, const TempDir& dir, const std::string& debates) {
    return run_parley({"worker", "--redis", redis.url(), "--max-idle", "1", "--debates", debates, "--work-dir",
                       (dir.path() / "w").string(), "-q"},
                      {}, kEnv);
}

} // namespace

TEST_CASE("a copy of a job's entry and another sweep's job under this sweep's id are refused, never run or counted",
          "[redis][sweep]") {
    RedisServer redis;
    TempDir dir;
    const auto id = enqueue(redis, dir, {"1"});
    auto connection = connect(redis);
    auto entries = connection->command({"XRANGE", "parley:jobs", "-", "+"});
    REQUIRE(entries);
    REQUIRE(entries->elements.size() == 1);
    // The copy is the entry's own fields, signature and all: only its id tells it apart.
    std::vector<std::string> copy{"XADD", "parley:jobs", "*"};
    for (const auto& field : entries->elements[0].elements[1].elements) {
        copy.push_back(field.text);
    }
    REQUIRE(connection->command(copy));
    // Another sweep's job, signed with the sweeps' own key for this sweep's id: still not a job this sweep enqueued.
    const auto other = parley::sweep::make_sweep({{"q.md", "Design a webhook sender."}}, {{"c.json", offline_config()}},
                                                 {7}, std::nullopt);
    const auto payload = parley::sweep::job_to_json(other.jobs[0]).dump();
    const auto format = std::to_string(parley::sweep::RedisJobQueue::kFormatVersion);
    const auto sig = parley::sweep::sign_job(parley::testing::kTestSigningKey, {format, id, other.jobs[0].id, payload});
    REQUIRE(connection->command({"XADD", "parley:jobs", "*", "v", format, "sweep", id, "job", other.jobs[0].id,
                                 "payload", payload, "prior", "0", "sig", sig}));

    // Two debates at once, so the copy would run beside the original (once read "14/7 calls").
    auto worker = run_worker(redis, dir, "2");
    INFO(worker.err);
    CHECK(worker.exit_code == 0);
    auto status = run_parley({"sweep", "status", id, "--redis", redis.url()});
    INFO(status.out);
    CHECK_THAT(status.out, Contains("1/1 done, 0 running, 0 queued, 0 dead"));
    CHECK(std::count(status.out.begin(), status.out.end(), '\n') == 3);
    CHECK_THAT(status.out, Contains("refused entry for job " + other.jobs[0].id));
    CHECK_THAT(status.out, Contains("is not the entry sweep " + id + " enqueued"));

    const auto out = dir.path() / "out";
    auto collected = run_parley({"sweep", "collect", id, "--redis", redis.url(), "-o", out.string()});
    INFO(collected.err);
    CHECK(collected.exit_code == 0);
    const auto index = json::parse(read_file(out / "sweep.json"));
    REQUIRE(index["jobs"].size() == 1);
    CHECK(index["jobs"][0]["status"] == "done");
    // Re-driving the sweep brings no stray back.
    auto redrive = run_parley({"sweep", "redrive", id, "--redis", redis.url()});
    CHECK_THAT(redrive.out, Contains("0 dead jobs queued again"));
}

TEST_CASE("one malformed result does not stop collect: the index of the good ones is written and the bad one named",
          "[redis][sweep]") {
    RedisServer redis;
    TempDir dir;
    const auto id = enqueue(redis, dir, {"1", "2", "3"});
    auto worker = run_worker(redis, dir, "3");
    INFO(worker.err);
    REQUIRE(worker.exit_code == 0);
    auto connection = connect(redis);
    auto results = connection->command({"HKEYS", "parley:sweep:" + id + ":results"});
    REQUIRE(results);
    REQUIRE(results->elements.size() == 3);
    std::vector<std::string> jobs;
    for (const auto& e : results->elements) {
        jobs.push_back(e.text);
    }
    std::sort(jobs.begin(), jobs.end());
    // Two shapes of damage: a result with fields missing (once an assertion, exit 134) and one whose row is
    // another job's.
    REQUIRE(connection->command({"HSET", "parley:sweep:" + id + ":results", jobs[1], "{\"row\": 1}"}));
    const auto first = connection->command({"HGET", "parley:sweep:" + id + ":results", jobs[0]});
    REQUIRE(first);
    REQUIRE(connection->command({"HSET", "parley:sweep:" + id + ":results", jobs[2], first->text}));
    // A result under a job id the sweep never had.
    REQUIRE(connection->command({"HSET", "parley:sweep:" + id + ":results", "j-stranger", first->text}));

    const auto out = dir.path() / "out";
    auto collected = run_parley({"sweep", "collect", id, "--redis", redis.url(), "-o", out.string()});
    INFO(collected.err);
    CHECK(collected.exit_code == 1);
    CHECK_THAT(collected.err, Contains(jobs[1] + ": malformed result in Redis: row, debate and report expected"));
    CHECK_THAT(collected.err, Contains(jobs[2] + ": malformed result in Redis: its row is job " + jobs[0]));
    CHECK_THAT(collected.err, Contains("j-stranger: a result for no job of this sweep"));
    const auto index = json::parse(read_file(out / "sweep.json"));
    REQUIRE(index["jobs"].size() == 3);
    std::size_t done = 0;
    for (const auto& row : index["jobs"]) {
        if (row["jobId"] != jobs[0]) {
            CHECK(row["status"] == "failed");
            CHECK_THAT(row["error"].get<std::string>(), Contains("malformed result"));
        } else {
            CHECK(row["status"] == "done");
            CHECK(json::parse(read_file(out / row["json"].get<std::string>())).is_object());
            ++done;
        }
    }
    CHECK(done == 1);
    CHECK(std::filesystem::exists(out / "comparison.md"));
}

TEST_CASE("a key of parley's holding another type is one line naming it, exit 2, not a raw script error",
          "[redis][sweep]") {
    RedisServer redis;
    TempDir dir;
    auto connection = connect(redis);
    REQUIRE(connection->command({"SET", "parley:sweeps", "not a set"}));
    const auto problem = dir.write("p.md", "Design a queue.");
    const auto config = dir.write("c.json", offline_config());
    auto enqueued = run_parley(
        {"sweep", "-p", problem.string(), "-c", config.string(), "--redis", redis.url(), "--detach"}, {}, kEnv);
    INFO(enqueued.err);
    CHECK(enqueued.exit_code == 2);
    CHECK(std::count(enqueued.err.begin(), enqueued.err.end(), '\n') == 1);
    CHECK_THAT(enqueued.err, Contains("key 'parley:sweeps' holds a string, not the set parley keeps there"));
    CHECK(enqueued.err.find("user_script") == std::string::npos);

    // A sweep's own hash, spoiled after the queue was opened: the same kind of line from the script.
    REQUIRE(connection->command({"DEL", "parley:sweeps"}));
    const auto sweep =
        parley::sweep::make_sweep({{"p.md", "Design a queue."}}, {{"c.json", offline_config()}}, {}, std::nullopt);
    REQUIRE(connection->command({"RPUSH", "parley:sweep:" + sweep.id + ":state", "x"}));
    parley::sweep::JobQueueOptions options;
    options.signing_key = parley::testing::kTestSigningKey;
    auto queue = parley::sweep::RedisJobQueue::open(connection, options);
    REQUIRE(queue);
    auto added = queue->enqueue(sweep.id, {{sweep.jobs[0].id, "{}"}});
    REQUIRE_FALSE(added);
    CHECK(added.error().kind == parley::ErrorKind::config);
    CHECK_THAT(added.error().message, Contains("holds a list, not the hash parley keeps there"));
    // Any other command meeting a key of the wrong type says so in one line too.
    REQUIRE(connection->command({"RPUSH", "parley:sweep:" + sweep.id + ":results", "x"}));
    auto results = queue->results(sweep.id);
    REQUIRE_FALSE(results);
    CHECK(results.error().kind == parley::ErrorKind::config);
    CHECK_THAT(results.error().message, Contains("holds another kind of value than parley keeps there (WRONGTYPE)"));
}
