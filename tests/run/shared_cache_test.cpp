#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "run/shared_cache.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using parley::run::CachedCallStore;
using parley::run::shared_cache_dir;
using parley::store::CallRecord;
using parley::store::Journal;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

CallRecord record(const std::string& key, const std::string& content, const std::string& finished_at) {
    CallRecord r;
    r.key = key;
    r.run_id = "run-a";
    r.provider = "fake";
    r.model = "m";
    r.response_model = "m";
    r.content = content;
    r.usage = {10, 20, 30, false};
    r.finished_at = finished_at;
    return r;
}

std::shared_ptr<Journal> open_journal(const std::filesystem::path& path) {
    auto opened = Journal::open(path);
    REQUIRE(opened);
    return std::make_shared<Journal>(std::move(*opened));
}

const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/task-queue/problem.md";

} // namespace

TEST_CASE("the cache folder: --cache-dir, else $XDG_CACHE_HOME/parley, else ~/.cache/parley", "[run][cache]") {
    using parley::util::Env;
    CHECK(*shared_cache_dir("/tmp/c", Env::from_values({})) == "/tmp/c");
    CHECK(*shared_cache_dir("", Env::from_values({{"XDG_CACHE_HOME", "/x"}, {"HOME", "/h"}})) == "/x/parley");
    CHECK(*shared_cache_dir("", Env::from_values({{"XDG_CACHE_HOME", "rel"}, {"HOME", "/h"}})) == "/h/.cache/parley");
    const auto none = shared_cache_dir("", Env::from_values({}));
    REQUIRE_FALSE(none);
    CHECK(none.error().message.find("--cache-dir") != std::string::npos);
}

TEST_CASE("a call filed by one run is found by another run's store, marked cached and copied into its journal",
          "[run][cache]") {
    TempDir dir;
    auto cache = open_journal(dir.path() / "cache" / "calls.sqlite");
    auto first_run = open_journal(dir.path() / "one" / "journal.sqlite");
    CachedCallStore first(first_run, cache);
    REQUIRE(*first.record_call(record("k1", "the answer", "2026-12-01T10:00:00.000Z")));
    CHECK((*first_run->find_call("k1"))->content == "the answer");

    auto second_run = open_journal(dir.path() / "two" / "journal.sqlite");
    CachedCallStore second(second_run, cache);
    const auto found = second.find_call("k1");
    REQUIRE(found);
    REQUIRE(*found);
    CHECK((*found)->from_cache);
    CHECK((*found)->content == "the answer");
    // Now in the second run's own journal: its resume finds it there, as its own journal's answer.
    const auto own = second.find_call("k1");
    REQUIRE(*own);
    CHECK_FALSE((*own)->from_cache);
    CHECK_FALSE(*second.find_call("k2"));
}

TEST_CASE("the cache keeps the newest answers within its limit and clear empties it", "[run][cache]") {
    TempDir dir;
    auto cache = open_journal(dir.path() / "calls.sqlite");
    REQUIRE(*cache->record_call(record("old", std::string(400, 'a'), "2026-12-01T10:00:00.000Z")));
    REQUIRE(*cache->record_call(record("mid", std::string(400, 'b'), "2026-12-02T10:00:00.000Z")));
    REQUIRE(*cache->record_call(record("new", std::string(400, 'c'), "2026-12-03T10:00:00.000Z")));
    CHECK(cache->call_stats()->content_bytes == 1200);
    CHECK(*cache->evict_oldest_calls(900) == 1);
    CHECK_FALSE(*cache->find_call("old"));
    CHECK(*cache->find_call("mid"));
    const auto stats = cache->call_stats();
    CHECK(stats->calls == 2);
    CHECK(stats->total_tokens == 60);
    CHECK(stats->oldest == "2026-12-02T10:00:00.000Z");
    CHECK(*cache->remove_all_calls() == 2);
    CHECK(cache->call_stats()->calls == 0);
}

TEST_CASE("two parley processes share one cache; a third run in another folder pays for nothing", "[run][cache][e2e]") {
    TempDir dir;
    const auto cache = (dir.path() / "cache").string();
    auto debate_into = [&](const std::string& out) {
        return std::vector<std::string>{PARLEY_BINARY, "debate",    "-q",     "-p",
                                        kProblem,      "--offline", "--seed", "7",
                                        "--cache-dir", cache,       "-o",     (dir.path() / out).string()};
    };
    {
        parley::testing::ChildOptions options;
        parley::testing::ChildProcess a(debate_into("a"), options);
        parley::testing::ChildProcess b(debate_into("b"), options);
        CHECK(a.wait() == 0);
        CHECK(b.wait() == 0);
    }
    const auto third = run_parley({"debate", "-p", kProblem, "--offline", "--seed", "7", "--cache-dir", cache, "-o",
                                   (dir.path() / "c").string()});
    REQUIRE(third.exit_code == 0);
    std::filesystem::path json;
    for (const auto& e : std::filesystem::directory_iterator(dir.path() / "c")) {
        if (e.path().extension() == ".json") {
            json = e.path();
        }
    }
    REQUIRE_FALSE(json.empty());
    const auto state = nlohmann::json::parse(read_file(json));
    const auto& metrics = state.at("parley").at("metrics");
    CHECK(metrics.at("calls").get<long>() > 0);
    CHECK(metrics.at("callsFromCache") == metrics.at("calls"));
    CHECK(metrics.at("cost").at("usd").get<double>() == 0);
    std::filesystem::path report = json;
    report.replace_extension(".md");
    CHECK(read_file(report).find("cached: $0") != std::string::npos);

    // The file two processes wrote at once passes SQLite's check and every record's checksum.
    CHECK(Journal::open(dir.path() / "cache" / "calls.sqlite"));
    const auto stats = run_parley({"cache", "stats", "--cache-dir", cache});
    CHECK(stats.exit_code == 0);
    CHECK(stats.out.find("calls: " + std::to_string(metrics.at("calls").get<long>())) != std::string::npos);
    const auto cleared = run_parley({"cache", "clear", "--cache-dir", cache});
    CHECK(cleared.exit_code == 0);
    CHECK(run_parley({"cache", "stats", "--cache-dir", cache}).out.find("calls: 0") != std::string::npos);
}

TEST_CASE("a damaged cache stops the run with one line that names the fix, and clear moves it aside",
          "[run][cache][e2e]") {
    TempDir dir;
    dir.write("cache/calls.sqlite", std::string(8192, 'x'));
    const auto cache = (dir.path() / "cache").string();
    const auto refused = run_parley(
        {"debate", "-q", "-p", kProblem, "--offline", "--cache-dir", cache, "-o", (dir.path() / "out").string()});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--cache: ") != std::string::npos);
    CHECK(refused.err.find("parley cache clear --cache-dir " + cache) != std::string::npos);
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    const auto cleared = run_parley({"cache", "clear", "--cache-dir", cache});
    CHECK(cleared.exit_code == 0);
    CHECK(cleared.out.find("moved aside") != std::string::npos);
    CHECK(std::filesystem::exists(dir.path() / "cache" / "calls.sqlite.damaged"));
    CHECK(run_parley(
              {"debate", "-q", "-p", kProblem, "--offline", "--cache-dir", cache, "-o", (dir.path() / "out").string()})
              .exit_code == 0);
}

TEST_CASE("an evaluation run again with the cache in another folder is served from it and says so",
          "[run][cache][e2e]") {
    TempDir dir;
    const auto cache = (dir.path() / "cache").string();
    const std::string panel = std::string(PARLEY_SOURCE_DIR) + "/examples/eval/offline-panel.json";
    const std::string design = std::string(PARLEY_SOURCE_DIR) + "/examples/designs/kafka/sound.md";
    auto eval_into = [&](const std::string& name) {
        return run_parley({"eval", "-q", "-c", panel, design, "--cache-dir", cache, "--journal",
                           (dir.path() / name / "journal.sqlite").string(), "-o",
                           (dir.path() / name / "eval.json").string()});
    };
    REQUIRE(eval_into("one").exit_code == 0);
    REQUIRE(eval_into("two").exit_code == 0);
    const auto first = nlohmann::json::parse(read_file(dir.path() / "one" / "eval.json")).at("parley");
    const auto second = nlohmann::json::parse(read_file(dir.path() / "two" / "eval.json")).at("parley");
    CHECK_FALSE(first.contains("fromCache"));
    CHECK(second.at("calls").get<long>() > 0);
    CHECK(second.at("fromCache") == second.at("calls"));
    CHECK(second.at("fromJournal") == second.at("calls"));
}
