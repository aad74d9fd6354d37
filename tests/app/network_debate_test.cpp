// End-to-end debates against the loopback fake provider: the parley binary over real HTTP, with faults, kills,
// interrupts, refusals and budgets.

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "fake/scenario.hpp"
#include "store/journal.hpp"
#include "support/child_process.hpp"
#include "support/debate_json.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::Scenario;
using parley::testing::ScenarioEntry;
using parley::testing::ScenarioOptions;
using parley::testing::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* kKeyEnv = "PARLEY_E2E_KEY";
constexpr const char* kKey = "sk-e2e-7f3a9c0d1b2e4f5a6b7c8d9e";
constexpr const char* kModel = "fake-model-1";
const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/rate-limiter/problem.md";
const std::vector<std::string> kEnv{std::string(kKeyEnv) + "=" + kKey};

/// A scenario and the fake serving it; the scenario is declared first so it outlives the server's threads.
struct Server {
    Scenario scenario;
    FakeProvider fake;

    explicit Server(ScenarioOptions options, std::string api_key = {})
        : scenario(std::move(options)), fake(fake_options(scenario, std::move(api_key))) {}

    static FakeOptions fake_options(Scenario& scenario, std::string api_key) {
        FakeOptions options;
        options.responder = scenario.responder();
        options.api_key = std::move(api_key);
        return options;
    }
};

// Answers derived from each request, after `latency`; a stall outlasts the configs' 300 ms idle timeout.
ScenarioOptions deterministic(std::chrono::milliseconds latency = 5ms) {
    ScenarioOptions options;
    options.deterministic = true;
    options.base.latency = latency;
    options.base.piece_bytes = 64;
    options.stall_for = 600ms;
    return options;
}

/// The settings a test config varies.
struct Setting {
    int rounds = 1;
    double price_per_million = 0; ///< 0: the model has no price
};

// Three debaters and a judge on the fake, with timeouts and retry delays small enough for a fast suite.
fs::path write_config(const TempDir& dir, const FakeProvider& fake, Setting setting = {}) {
    auto participant = [&](const std::string& id, const std::string& role, double temperature) {
        return json{{"id", id},
                    {"name", id},
                    {"role", role},
                    {"model", kModel},
                    {"provider", "openai-compatible"},
                    {"baseUrl", fake.base_url()},
                    {"apiKeyEnv", kKeyEnv},
                    {"temperature", temperature},
                    {"stream", true},
                    {"timeouts", {{"connectMs", 1000}, {"firstByteMs", 3000}, {"idleMs", 300}, {"totalMs", 15000}}}};
    };
    json config{{"agents", json::array({participant("agent-architect", "architect", 0.5),
                                        participant("agent-performance", "performance", 0.5),
                                        participant("agent-security", "security", 0.4)})},
                {"judge", participant("judge-main", "generalist", 0.3)},
                {"debate", {{"rounds", setting.rounds}, {"summarization", {{"enabled", false}}}}},
                {"queue",
                 {{"workers", 8},
                  {"retry", {{"maxAttempts", 10}, {"baseDelayMs", 5}, {"maxDelayMs", 50}, {"jitter", "full"}}},
                  {"circuitBreaker", {{"failureThreshold", 20}, {"coolDownMs", 100}}},
                  {"defaultLane", {{"concurrency", 8}}}}}};
    if (setting.price_per_million > 0) {
        config["pricing"] = {{kModel, {{"input", setting.price_per_million}, {"output", setting.price_per_million}}}};
    }
    return dir.write("config.json", config.dump(2));
}

// The debate JSON files a run wrote into `dir`.
std::vector<fs::path> debate_files(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() == ".json") {
            files.push_back(e.path());
        }
    }
    return files;
}

// The one debate a run wrote into `dir`.
json the_debate(const fs::path& dir) {
    const auto files = debate_files(dir);
    REQUIRE(files.size() == 1);
    return json::parse(read_file(files.front()));
}

// How often `what` occurs in `text`.
std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) {
        ++n;
    }
    return n;
}

// The rows of a one-column query on the journal file. The journal's API finds calls by key only, and these tests
// need every answer it holds.
std::vector<std::string> journal_column(const fs::path& journal, const char* query) {
    sqlite3* db = nullptr;
    std::vector<std::string> rows;
    if (sqlite3_open_v2(journal.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, query, -1, &statement, nullptr) == SQLITE_OK) {
            while (sqlite3_step(statement) == SQLITE_ROW) {
                rows.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
            }
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return rows;
}

// The request digests whose answers the journal holds: every deterministic answer quotes its request's digest.
std::set<std::string> journaled_digests(const fs::path& journal, const std::vector<ScenarioEntry>& log) {
    const auto answers = journal_column(journal, "SELECT content FROM calls");
    std::set<std::string> digests;
    for (const auto& entry : log) {
        for (const auto& answer : answers) {
            if (answer.find(entry.digest) != std::string::npos) {
                digests.insert(entry.digest);
            }
        }
    }
    return digests;
}

// The size of the server's request log once it has stopped growing for 150 ms.
std::size_t settled_log_size(const Server& server) {
    std::size_t size = server.scenario.log().size();
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        const std::size_t now = server.scenario.log().size();
        if (now == size) {
            return size;
        }
        size = now;
    }
}

/// A parley process the test signals itself (run_parley would wait for it), its streams in `dir`.
parley::testing::ChildOptions child_options(const fs::path& dir) {
    return {{}, dir / "child.out", dir / "child.err", kEnv, {}};
}

// `parley debate -c CONFIG -p PROBLEM -o OUT EXTRA...` with the test's key in its environment.
parley::testing::CommandResult debate(const fs::path& config, const std::string& problem, const fs::path& out,
                                      std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"debate", "-c", config.string(), "-p", problem, "-o", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_parley(args, {}, kEnv);
}

// Answers as `deterministic` does, but refuses for good every request mentioning `marker`.
ScenarioOptions refusing(std::string marker) {
    ScenarioOptions options = deterministic();
    options.refuse_marker = std::move(marker);
    return options;
}

// Waits until the fake has seen more than `seen` requests or the child has ended; false when it ended first.
bool wait_for_request(const Server& server, std::size_t seen, parley::testing::ChildProcess& child) {
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (server.scenario.log().size() <= seen) {
        if (child.exited() || std::chrono::steady_clock::now() > give_up) {
            return false;
        }
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

} // namespace

TEST_CASE("a three-agent debate runs every planned call against the provider and names its endpoint", "[app][net]") {
    TempDir dir;
    Server server(deterministic());
    const auto config = write_config(dir, server.fake, {2, 0});
    const auto out = dir.path() / "out";
    auto r = debate(config, kProblem, out);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto debate = the_debate(out);
    CHECK(debate["status"] == "completed");
    // Three proposals; per round six critiques and three refinements; one synthesis.
    constexpr std::size_t kPlanned = 3 + 2 * (6 + 3) + 1;
    CHECK(server.fake.requests().size() == kPlanned);
    CHECK(debate["parley"]["prompts"].size() == kPlanned);
    CHECK(debate["parley"]["metrics"]["calls"] == kPlanned);
    const std::string label = "openai-compatible (" + server.fake.base_url() + ")";
    for (const auto& agent : debate["parley"]["agents"]) {
        CHECK(agent["provider"] == label);
    }
    CHECK(debate["parley"]["judge"]["provider"] == label);
    for (const auto& round : debate["rounds"]) {
        for (const auto& c : round["contributions"]) {
            CHECK(c["metadata"]["parley"]["provider"] == label);
        }
    }
    CHECK_THAT(debate["finalSolution"]["description"].get<std::string>(), Catch::Contains("synthesis"));
}

TEST_CASE("a debate with a fifth of its calls failing transiently ends as a clean run does", "[app][net]") {
    TempDir dir;
    ScenarioOptions options = deterministic();
    options.seed = 11;
    Server server(options);
    const auto config = write_config(dir, server.fake, {2, 0});
    const auto clean = dir.path() / "clean";
    auto first = debate(config, kProblem, clean);
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    const std::size_t clean_requests = server.scenario.log().size();

    server.scenario.set_failure_rate(0.2);
    const auto faulty = dir.path() / "faulty";
    auto second = debate(config, kProblem, faulty, {"-v"});
    INFO(second.err);
    REQUIRE(second.exit_code == 0);
    CHECK(parley::testing::without_clock(the_debate(faulty)) == parley::testing::without_clock(the_debate(clean)));

    std::set<std::string> kinds;
    std::size_t injected = 0;
    const auto log = server.scenario.log();
    for (std::size_t i = clean_requests; i < log.size(); ++i) {
        if (log[i].reply != "answer") {
            kinds.insert(log[i].reply);
            ++injected;
        }
    }
    INFO("injected " << injected << " faults");
    CHECK(kinds.size() >= 3);
    CHECK(log.size() - clean_requests == clean_requests + injected);
    CHECK(count_of(second.err, "retrying in") == injected);
}

TEST_CASE("debates killed at random moments resume to the uninterrupted result and ask for no finished call "
          "again",
          "[app][net]") {
    TempDir dir;
    constexpr auto kLatency = 40ms;
    Server server(deterministic(kLatency));
    const auto config = write_config(dir, server.fake, {2, 0});
    auto uninterrupted = debate(config, kProblem, dir.path() / "whole");
    INFO(uninterrupted.err);
    REQUIRE(uninterrupted.exit_code == 0);
    const auto expected = parley::testing::without_clock(the_debate(dir.path() / "whole"));

    const auto seed = std::random_device{}();
    INFO("kill delays seeded with " << seed);
    std::mt19937 random(seed);
    // Six phases follow the first request, so any of these delays lands before the debate ends.
    std::uniform_int_distribution<long> delay_ms(0, 5 * kLatency.count());
    std::size_t paid_before_kill = 0;
    for (int trial = 0; trial < 5; ++trial) {
        const auto out = dir.path() / ("killed-" + std::to_string(trial));
        const auto journal = out / "journal.sqlite";
        const std::size_t started = server.scenario.log().size();
        parley::testing::ChildProcess child(
            parley::testing::parley_argv({"debate", "-q", "-c", config.string(), "-p", kProblem, "-o", out.string()}),
            child_options(dir.path()));
        REQUIRE(wait_for_request(server, started, child));
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
        child.signal(SIGKILL);
        CHECK(child.wait() == 128 + SIGKILL);
        // Requests the child sent just before it died may still sit in the server's socket buffers; under load the
        // server logs them after the child is gone. They belong to the killed run, not to the resume.
        const std::size_t killed_at = settled_log_size(server);
        const auto runs = journal_column(journal, "SELECT id FROM runs");
        REQUIRE(runs.size() == 1);
        const auto finished = journaled_digests(journal, server.scenario.log());
        paid_before_kill += finished.size();

        auto resumed = run_parley({"resume", runs.front(), "--journal", journal.string(), "-q"}, {}, kEnv);
        INFO(resumed.err);
        REQUIRE(resumed.exit_code == 0);
        CHECK(parley::testing::without_clock(the_debate(out)) == expected);

        // Neither process asks twice for an answer it got, and the resume asks for none the journal held.
        const auto log = server.scenario.log();
        std::size_t duplicates = 0;
        for (const auto& [begin, end] : {std::pair{started, killed_at}, std::pair{killed_at, log.size()}}) {
            std::set<std::string> answered;
            for (std::size_t i = begin; i < end; ++i) {
                const bool journaled = begin == killed_at && finished.count(log[i].digest) > 0;
                const bool repeated = log[i].reply == "answer" && !answered.insert(log[i].digest).second;
                duplicates += journaled || repeated ? 1 : 0;
            }
        }
        CHECK(duplicates == 0);
    }
    // Without calls finished before the kills, the check above would prove nothing.
    CHECK(paid_before_kill > 0);
}

TEST_CASE("a first Ctrl-C saves the debate, prints the resume command and exits 130; the resume completes it",
          "[app][net]") {
    TempDir dir;
    Server server(deterministic(150ms));
    const auto config = write_config(dir, server.fake);
    const auto out = dir.path() / "out";
    parley::testing::ChildProcess child(
        parley::testing::parley_argv({"debate", "-q", "-c", config.string(), "-p", kProblem, "-o", out.string()}),
        child_options(dir.path()));
    REQUIRE(wait_for_request(server, 0, child));
    std::this_thread::sleep_for(30ms);
    child.signal(SIGINT);
    const int code = child.wait();
    const std::string err = read_file(dir.path() / "child.err");
    INFO(err);
    CHECK(code == 130);
    CHECK_THAT(err, Catch::Contains("resume with: parley resume"));
    const auto saved = the_debate(out);
    CHECK(saved["status"] != "completed");
    const std::size_t paid = server.scenario.log().size();

    const auto id = saved["id"].get<std::string>();
    auto resumed = run_parley({"resume", id, "--journal", (out / "journal.sqlite").string(), "-v"}, {}, kEnv);
    INFO(resumed.err);
    REQUIRE(resumed.exit_code == 0);
    CHECK(the_debate(out)["status"] == "completed");
    // The calls running at the interrupt were let finish, and are not paid again.
    CHECK(count_of(resumed.err, "from the journal") == paid);
    CHECK(server.scenario.log().size() == 3 + 6 + 3 + 1);
}

TEST_CASE("a rejected API key exits 3 naming its variable, and the key is written nowhere", "[app][net]") {
    TempDir dir;
    // The fake wants another key and, like careless gateways, echoes the one it got in its error message.
    Server server(deterministic(), "sk-the-right-key");
    const auto config = write_config(dir, server.fake);
    const auto out = dir.path() / "out";
    const auto log_file = dir.path() / "log.jsonl";
    // Past the endpoint check, which would refuse the key before any call (tested below): the calls must not
    // leak it either.
    auto r = debate(config, kProblem, out, {"-v", "--log-file", log_file.string(), "--no-preflight"});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains(kKeyEnv));
    REQUIRE_FALSE(server.fake.requests().empty());
    REQUIRE_THAT(server.fake.requests().front().headers.at("authorization"), Catch::Contains(kKey));
    CHECK_THAT(r.out, !Catch::Contains(kKey));
    CHECK_THAT(r.err, !Catch::Contains(kKey));
    REQUIRE(fs::exists(log_file));
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir.path())) {
        if (e.is_regular_file()) {
            ++files;
            INFO(e.path());
            CHECK(read_file(e.path()).find(kKey) == std::string::npos);
        }
    }
    // The config, the log, the journal, the saved debate and its report at least.
    CHECK(files >= 5);
}

TEST_CASE("a key GET /models rejects fails the run before any call, exit 3 naming its variable", "[app][net]") {
    TempDir dir;
    Server server(deterministic(), "sk-the-right-key");
    const auto config = write_config(dir, server.fake);
    const auto out = dir.path() / "out";
    auto r = debate(config, kProblem, out, {});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains(kKeyEnv));
    CHECK_THAT(r.err, !Catch::Contains(kKey));
    CHECK(server.fake.requests().empty());
    CHECK_FALSE(fs::exists(out / "journal.sqlite"));
}

TEST_CASE("a permanent refusal fails the debate naming agent, phase, provider, status and message, and files a dead "
          "letter",
          "[app][net]") {
    TempDir dir;
    Server server(refusing("leaky bucket"));
    const auto config = write_config(dir, server.fake);
    const auto out = dir.path() / "out";
    auto r = debate(config, kProblem, out);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("agent-architect") || Catch::Contains("agent-performance") ||
                          Catch::Contains("agent-security"));
    CHECK_THAT(r.err, Catch::Contains("proposal"));
    CHECK_THAT(r.err, Catch::Contains(server.fake.base_url()));
    CHECK_THAT(r.err, Catch::Contains("HTTP 400"));
    CHECK_THAT(r.err, Catch::Contains("refuses requests mentioning 'leaky bucket'"));
    const auto debate = the_debate(out);
    CHECK(debate["status"] == "failed");

    auto journal = parley::store::Journal::open(out / "journal.sqlite");
    REQUIRE(journal);
    auto letters = journal->list_dead_letters(debate["id"].get<std::string>());
    REQUIRE(letters);
    REQUIRE_FALSE(letters->empty());
    CHECK(letters->front().http_status == 400);
    CHECK(letters->front().kind == parley::ErrorKind::permanent);
    CHECK(letters->front().attempts == 1);
}

TEST_CASE("one of two debates failing for good leaves the other to complete", "[app][net]") {
    TempDir dir;
    Server server(refusing("okapi"));
    const auto config = write_config(dir, server.fake);
    const auto problems = dir.path() / "problems";
    dir.write("problems/a.md", read_file(kProblem));
    dir.write("problems/b.md", "Design a job scheduler for okapi sightings: 2,000 jobs per second, at-least-once.");
    const auto out = dir.path() / "out";
    auto r = debate(config, problems.string(), out);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    std::map<std::string, std::string> status_by_problem;
    for (const auto& file : debate_files(out)) {
        const auto debate = json::parse(read_file(file));
        const bool okapi = debate["problem"].get<std::string>().find("okapi") != std::string::npos;
        status_by_problem[okapi ? "okapi" : "rate limiter"] = debate["status"];
        if (!okapi) {
            CHECK(debate["finalSolution"]["description"].get<std::string>().find("synthesis") != std::string::npos);
        }
    }
    CHECK(status_by_problem == std::map<std::string, std::string>{{"okapi", "failed"}, {"rate limiter", "completed"}});
}

TEST_CASE("a cost limit stops a priced debate cleanly before a call would pass it", "[app][net]") {
    TempDir dir;
    Server server(deterministic());
    // At 1000 USD per million tokens a call costs about a dollar, so five dollars stop the first round.
    const auto config = write_config(dir, server.fake, {1, 1000});
    const auto out = dir.path() / "out";
    auto r = debate(config, kProblem, out, {"--max-cost", "5"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("cost limit of $5"));
    CHECK_THAT(r.err, Catch::Contains("partial debate saved"));
    const auto debate = the_debate(out);
    CHECK(debate["status"] == "failed");
    CHECK(debate["parley"]["metrics"]["cost"]["usd"].get<double>() <= 5.0);
    CHECK(server.fake.requests().size() < 3 + 6 + 3 + 1);
}
