// Structured answers asked for and checked end to end: the parley binary against the loopback fake provider, whose
// request log shows which calls carried a response_format; comparisons checked and repaired like scores; and the
// endpoint check's one-token chat call.

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "fake/scenario.hpp"
#include "fake/scenario_server.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::FakeReply;
using parley::testing::Misbehaviour;
using parley::testing::read_file;
using parley::testing::RecordedRequest;
using parley::testing::run_parley;
using parley::testing::TempDir;
using Server = parley::testing::ScenarioServer;
using parley::testing::misbehaving;
namespace fs = std::filesystem;

namespace {

const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/rate-limiter/problem.md";
constexpr const char* kRepairMark = "Your answer could not be used";
const std::string kDesignA = "# Queue design\n\nWorkers lease each job for 30 s and renew the lease every 10 s. "
                             "Failed jobs go to a dead-letter queue after five attempts with exponential backoff.\n";
const std::string kDesignB = "# Queue design\n\nWorkers take jobs from a list. Failed jobs are dropped after three "
                             "attempts, and nobody is told.\n";

// The response_format's schema name of a recorded request, or "" when it carries none.
std::string schema_name(const RecordedRequest& r) {
    const auto body = json::parse(r.body);
    return body.contains("response_format") ? body["response_format"]["json_schema"]["name"].get<std::string>()
                                            : std::string();
}

std::map<std::string, std::size_t> schema_counts(const FakeProvider& fake) {
    std::map<std::string, std::size_t> counts;
    for (const auto& r : fake.requests()) {
        ++counts[schema_name(r)];
    }
    return counts;
}

json participant(const FakeProvider& fake, const std::string& id, const std::string& role) {
    return json{{"id", id},
                {"name", id},
                {"role", role},
                {"model", "fake-model-1"},
                {"provider", "openai-compatible"},
                {"baseUrl", fake.base_url()},
                {"stream", false},
                {"timeouts", {{"connectMs", 1000}, {"firstByteMs", 3000}, {"idleMs", 1000}, {"totalMs", 15000}}}};
}

json debate_config(const FakeProvider& fake) {
    return json{{"agents", json::array({participant(fake, "agent-architect", "architect"),
                                        participant(fake, "agent-performance", "performance")})},
                {"judge", participant(fake, "judge-main", "generalist")},
                {"debate", {{"rounds", 1}, {"summarization", {{"enabled", false}}}}},
                {"queue", {{"retry", {{"maxAttempts", 2}, {"baseDelayMs", 5}, {"maxDelayMs", 20}}}}}};
}

json panel(const FakeProvider& fake, int evaluators) {
    json agents = json::array();
    for (int i = 1; i <= evaluators; ++i) {
        // A model each: evaluators asking the same model the same prompt would share their calls.
        agents.push_back({{"id", "eval-" + std::to_string(i)},
                          {"model", "fake-model-" + std::to_string(i)},
                          {"provider", "openai-compatible"},
                          {"baseUrl", fake.base_url()},
                          {"timeout", 20000}});
    }
    return json{{"agents", agents}};
}

parley::testing::CommandResult compare(const TempDir& dir, const json& config, const fs::path& out,
                                       std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"eval",
                                  "-c",
                                  dir.write("panel.json", config.dump()).string(),
                                  "--compare",
                                  dir.write("a.md", kDesignA).string(),
                                  dir.write("b.md", kDesignB).string(),
                                  "-o",
                                  out.string(),
                                  "--journal",
                                  (dir.path() / "j.sqlite").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_parley(args);
}

} // namespace

TEST_CASE("the judge's synthesis asks for its schema and proposals and critiques do not", "[structured_output][e2e]") {
    TempDir dir;
    FakeOptions options;
    options.responder = parley::testing::usable_verdict_responder();
    FakeProvider fake(options);
    const auto out = dir.path() / "out";
    const auto r = run_parley(
        {"debate", "-c", dir.write("c.json", debate_config(fake).dump()).string(), "-p", kProblem, "-o", out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto counts = schema_counts(fake);
    CHECK(counts.at("judge_synthesis") == 1);
    // Two proposals, two critiques, two refinements: free text.
    CHECK(counts.at("") == 6);
    CHECK(counts.size() == 2);
}

TEST_CASE("\"structuredOutput\": false asks every call by the prompt alone", "[structured_output][e2e]") {
    TempDir dir;
    FakeOptions options;
    options.responder = parley::testing::usable_verdict_responder();
    FakeProvider fake(options);
    auto config = debate_config(fake);
    SECTION("on the judge") {
        config["judge"]["structuredOutput"] = false;
    }
    SECTION("in the defaults") {
        config["defaults"] = {{"structuredOutput", false}};
    }
    const auto r = run_parley({"debate", "-c", dir.write("c.json", config.dump()).string(), "-p", kProblem, "-o",
                               (dir.path() / "out").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("unknown key") == std::string::npos);
    CHECK(schema_counts(fake) == std::map<std::string, std::size_t>{{"", 7}});
}

TEST_CASE("a server that refuses response_format is asked again without it, with one warning",
          "[structured_output][e2e]") {
    TempDir dir;
    FakeOptions options;
    const auto usable = parley::testing::usable_verdict_responder();
    options.responder = [usable](const RecordedRequest& r, std::size_t i) {
        return json::parse(r.body).contains("response_format")
                   ? FakeReply::http_error(400, "Unrecognized request argument supplied: response_format")
                   : usable(r, i);
    };
    FakeProvider fake(options);
    const auto out = dir.path() / "out";
    const auto r = run_parley(
        {"debate", "-c", dir.write("c.json", debate_config(fake).dump()).string(), "-p", kProblem, "-o", out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("the server refused response_format (HTTP 400: Unrecognized request argument"));
    CHECK(schema_counts(fake).at("judge_synthesis") == 1);
}

TEST_CASE("scores and comparisons ask for their schemas, and an evaluator may turn it off",
          "[structured_output][e2e]") {
    TempDir dir;
    Server server(misbehaving(Misbehaviour::none));
    auto config = panel(server.fake, 2);
    config["agents"][1]["structuredOutput"] = false;
    const auto scored =
        run_parley({"eval", "-c", dir.write("p.json", config.dump()).string(), dir.write("d.md", kDesignA).string(),
                    "-o", (dir.path() / "s.json").string(), "--journal", (dir.path() / "j1.sqlite").string()});
    INFO(scored.err);
    CHECK(scored.exit_code == 0);
    CHECK(schema_counts(server.fake) == std::map<std::string, std::size_t>{{"", 1}, {"evaluator_scores", 1}});
    const auto compared = compare(dir, panel(server.fake, 1), dir.path() / "c.json");
    CHECK(compared.exit_code == 0);
    CHECK(schema_counts(server.fake).at("comparison") == 2);
}

TEST_CASE("a comparison answer that says nothing is repaired once per order, then the winner is unknown and eval "
          "exits 1",
          "[structured_output][e2e]") {
    const auto kind = GENERATE(Misbehaviour::placeholders, Misbehaviour::prose, Misbehaviour::echo);
    CAPTURE(static_cast<int>(kind));
    TempDir dir;
    Server server(misbehaving(kind));
    const auto out = dir.path() / "cmp.json";
    const auto r = compare(dir, panel(server.fake, 2), out);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("no evaluator gave a usable comparison in both orders (2 evaluator(s)"));
    std::size_t repairs = 0;
    for (const auto& request : server.fake.requests()) {
        repairs += request.body.find(kRepairMark) != std::string::npos ? 1 : 0;
    }
    // Two evaluators, two orders, one repair each: never a second.
    CHECK(repairs == 4);
    const auto c = json::parse(read_file(out))["comparison"];
    CHECK(c["winner"].is_null());
    CHECK_THAT(c["winnerNote"].get<std::string>(), Catch::StartsWith("unknown"));
    CHECK(c["repairCalls"] == 4);
    CHECK(c["usableEvaluators"] == 0);
    CHECK_FALSE(c["issues"].empty());
    CHECK(c["items"]["overall"]["a"] == 0);
    CHECK(c["items"]["overall"]["b"] == 0);
}

TEST_CASE("a comparison answer repaired into the schema counts", "[structured_output][e2e]") {
    TempDir dir;
    Server server(misbehaving(Misbehaviour::placeholders, 1));
    const auto out = dir.path() / "cmp.json";
    const auto r = compare(dir, panel(server.fake, 1), out);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    const auto c = json::parse(read_file(out))["comparison"];
    CHECK(c["repairCalls"] == 1);
    CHECK(c["usableEvaluators"] == 1);
    CHECK(c["issues"]["placeholder"].get<int>() >= 1);
}

TEST_CASE("a server whose /models answers but whose chat answers 500 fails the debate at the check, in seconds",
          "[structured_output][e2e][preflight]") {
    TempDir dir;
    FakeOptions options;
    options.default_reply = FakeReply::http_error(500, "CUDA error: out of memory");
    FakeProvider fake(options);
    const auto config = dir.write("c.json", debate_config(fake).dump());
    const auto out = dir.path() / "out";
    const auto start = std::chrono::steady_clock::now();
    const auto r = run_parley({"debate", "-c", config.string(), "-p", kProblem, "-o", out.string()});
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("CUDA error: out of memory"));
    CHECK_THAT(r.err, Catch::Contains("the chat check"));
    CHECK_THAT(r.err, Catch::Contains("--no-chat-check"));
    // One endpoint, one model: one check, and no call of the debate.
    CHECK(fake.check_requests().size() == 1);
    CHECK(fake.requests().empty());
    CHECK_FALSE(fs::exists(out / "journal.sqlite"));

    SECTION("--no-chat-check skips it: the debate's own calls find the error") {
        const auto skipped =
            run_parley({"debate", "-c", config.string(), "-p", kProblem, "-o", out.string(), "--no-chat-check"});
        CHECK(skipped.exit_code == 1);
        CHECK(fake.check_requests().size() == 1);
        CHECK_FALSE(fake.requests().empty());
    }
}

TEST_CASE("an eval's evaluator whose model the server does not have fails at the check", "[structured_output][e2e]") {
    TempDir dir;
    FakeOptions options;
    options.check_reply = FakeReply::http_error(404, "model \"fake-model-1\" not found, try pulling it first");
    FakeProvider fake(options);
    const auto r = run_parley({"eval", "-c", dir.write("p.json", panel(fake, 1).dump()).string(),
                               dir.write("d.md", kDesignA).string(), "-o", (dir.path() / "s.json").string(),
                               "--journal", (dir.path() / "j.sqlite").string()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("not found, try pulling it first"));
    CHECK(fake.requests().empty());
}
