// The endpoint check before the first call, for `parley sweep`, `parley eval` and `parley worker`: a provider on a
// loopback port nothing listens on fails in about a second with one line, before any journal or job is touched.

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "redis/jobs.hpp"
#include "support/dead_ends.hpp"
#include "support/redis_connect.hpp"
#include "support/redis_server.hpp"
#include "support/sanitizers.hpp"
#include "support/temp_dir.hpp"
#include "sweep/matrix.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;
using parley::testing::kSanitizerSlowdown;
using parley::testing::RedisServer;
using parley::testing::run_parley;
using parley::testing::TempDir;
using parley::testing::unused_loopback_port;
namespace fs = std::filesystem;

namespace {

const auto kFailFastBound = std::chrono::duration<double>(5.0 * kSanitizerSlowdown);

std::string loopback(int port) {
    return "http://127.0.0.1:" + std::to_string(port) + "/v1";
}

// A debater and a judge on an Ollama at `base_url`; a run that reaches its calls gives up after half a second.
std::string config_text(const std::string& base_url) {
    auto participant = [&](const std::string& id, const std::string& role) {
        return json{{"id", id},      {"name", id},           {"role", role},
                    {"model", "m1"}, {"provider", "ollama"}, {"baseUrl", base_url}};
    };
    return json{
        {"agents", json::array({participant("agent-architect", "architect")})},
        {"judge", participant("judge-main", "generalist")},
        {"debate", {{"rounds", 1}, {"summarization", {{"enabled", false}}}}},
        {"queue",
         {{"retry", {{"maxAttempts", 3}, {"baseDelayMs", 10}, {"maxDelayMs", 20}}}, {"unreachableWindowMs", 500}}}}
        .dump(2);
}

std::size_t lines_in(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

TEST_CASE("a sweep whose server lists models but answers chats with 500 fails at the chat check, before its journal "
          "opens",
          "[app][sweep][preflight]") {
    TempDir dir;
    parley::testing::FakeOptions options;
    options.default_reply = parley::testing::FakeReply::http_error(500, "the model runner crashed");
    parley::testing::FakeProvider fake(options);
    const auto config = dir.write("config.json", config_text(fake.base_url()));
    const auto problem = dir.write("p.md", "Design a cache.");
    const auto out = dir.path() / "out";
    const auto ran = run_parley({"sweep", "-p", problem.string(), "-c", config.string(), "-o", out.string()});
    INFO(ran.err);
    CHECK(ran.exit_code == 1);
    CHECK_THAT(ran.err, Contains("the model runner crashed"));
    CHECK_THAT(ran.err, Contains("the chat check"));
    // The debater and the judge share the endpoint and the model: one check.
    CHECK(fake.check_requests().size() == 1);
    CHECK(fake.requests().empty());
    CHECK_FALSE(fs::exists(out / "journal.sqlite"));

    const auto skipped =
        run_parley({"sweep", "-p", problem.string(), "-c", config.string(), "-o", out.string(), "--no-chat-check"});
    CHECK(skipped.exit_code == 1);
    CHECK(fake.check_requests().size() == 1);
    CHECK_FALSE(fake.requests().empty());
}

TEST_CASE("a sweep whose provider is not there fails in about a second with one line, before its journal opens",
          "[app][sweep][preflight]") {
    TempDir dir;
    const int port = unused_loopback_port();
    const auto config = dir.write("config.json", config_text(loopback(port)));
    const auto problem = dir.write("p.md", "Design a cache.");
    const auto out = dir.path() / "out";
    const auto start = std::chrono::steady_clock::now();
    const auto ran = run_parley({"sweep", "-p", problem.string(), "-c", config.string(), "-o", out.string()});
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(ran.err);
    CHECK(ran.exit_code == 1);
    CHECK(took < kFailFastBound);
    CHECK(lines_in(ran.err) == 1);
    CHECK_THAT(ran.err, Contains("is Ollama running?"));
    CHECK_FALSE(fs::exists(out / "journal.sqlite"));

    // --no-preflight goes on to the calls, which meet the refused port within the run's window.
    const auto unchecked =
        run_parley({"sweep", "-p", problem.string(), "-c", config.string(), "-o", out.string(), "--no-preflight"});
    CHECK(unchecked.exit_code == 1);
    CHECK(fs::exists(out / "journal.sqlite"));
}

TEST_CASE("an eval whose evaluator's server is not there fails in about a second with one line",
          "[app][eval][preflight]") {
    TempDir dir;
    const int port = unused_loopback_port();
    const auto panel = dir.write(
        "panel.json",
        json{{"agents",
              json::array({{{"id", "e1"}, {"model", "m1"}, {"provider", "ollama"}, {"baseUrl", loopback(port)}}})}}
            .dump());
    const auto design = dir.write("design.md", "# Design\n\nA cache in front of the database.\n");
    const auto journal = dir.path() / "j" / "journal.sqlite";
    const auto start = std::chrono::steady_clock::now();
    const auto ran = run_parley({"eval", design.string(), "-c", panel.string(), "--journal", journal.string()});
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(ran.err);
    CHECK(ran.exit_code == 1);
    CHECK(took < kFailFastBound);
    CHECK(lines_in(ran.err) == 1);
    CHECK_THAT(ran.err, Contains("connection refused at 127.0.0.1:" + std::to_string(port)));
    CHECK_FALSE(fs::exists(journal));

    const auto unchecked =
        run_parley({"eval", design.string(), "-c", panel.string(), "--journal", journal.string(), "--no-preflight"});
    CHECK(unchecked.exit_code != 0);
    CHECK(fs::exists(journal));
}

TEST_CASE("a worker whose provider is not there takes no job to fail it: the job stays queued and the worker stops",
          "[app][redis][sweep][preflight]") {
    RedisServer redis;
    const int port = unused_loopback_port();
    const auto sweep = parley::sweep::make_sweep({{"p.md", "Design a cache."}},
                                                 {{"c.json", config_text(loopback(port))}}, {}, std::nullopt);
    {
        parley::sweep::JobQueueOptions options;
        options.signing_key = parley::testing::kTestSigningKey;
        auto queue = parley::sweep::RedisJobQueue::open(parley::testing::connect_to(redis), options);
        REQUIRE(queue);
        REQUIRE(queue->enqueue(sweep.id, {{sweep.jobs[0].id, parley::sweep::job_to_json(sweep.jobs[0]).dump()}}));
    }
    TempDir dir;
    const auto start = std::chrono::steady_clock::now();
    auto worker = run_parley({"worker", "--redis", redis.url(), "--max-idle", "1", "--work-dir",
                              (dir.path() / "w").string(), "--allow", loopback(port)},
                             {}, {parley::testing::kTestSigningEnv});
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(worker.err);
    CHECK(worker.exit_code == 1);
    CHECK(took < kFailFastBound);
    CHECK_THAT(worker.err, Contains("is Ollama running?"));
    auto status = run_parley({"sweep", "status", sweep.id, "--redis", redis.url()});
    CHECK_THAT(status.out, Contains("0/1 done, 0 running, 1 queued, 0 dead"));
}
