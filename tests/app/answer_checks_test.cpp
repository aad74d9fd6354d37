// Answers parley must not believe, end to end: the parley binary against the loopback fake provider answering as
// small local models do (its template back, prose, an echo, broken or misshapen JSON).

#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "fake/scenario.hpp"
#include "fake/scenario_server.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::Misbehaviour;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;
using Server = parley::testing::ScenarioServer;
using parley::testing::misbehaving;
namespace fs = std::filesystem;

namespace {

const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/rate-limiter/problem.md";
constexpr const char* kRepairMark = "Your answer could not be used";

fs::path write_config(const TempDir& dir, const FakeProvider& fake) {
    auto participant = [&](const std::string& id, const std::string& role) {
        return parley::testing::fake_participant(fake, id, role);
    };
    const json config{{"agents", json::array({participant("agent-architect", "architect"),
                                              participant("agent-performance", "performance")})},
                      {"judge", participant("judge-main", "generalist")},
                      {"debate", {{"rounds", 1}, {"summarization", {{"enabled", false}}}}},
                      {"queue", {{"retry", {{"maxAttempts", 2}, {"baseDelayMs", 5}, {"maxDelayMs", 20}}}}}};
    return dir.write("config.json", config.dump(2));
}

json only_debate(const fs::path& folder) {
    for (const auto& e : fs::directory_iterator(folder)) {
        if (e.path().extension() == ".json") {
            return json::parse(read_file(e.path()));
        }
    }
    FAIL("no debate JSON in " << folder);
    return {};
}

std::string only_report(const fs::path& folder) {
    for (const auto& e : fs::directory_iterator(folder)) {
        if (e.path().extension() == ".md") {
            return read_file(e.path());
        }
    }
    return {};
}

} // namespace

TEST_CASE("a judge that never answers in the schema leaves every requirement unknown and exits 1",
          "[answer_checks][e2e]") {
    const auto kind = GENERATE(Misbehaviour::placeholders, Misbehaviour::prose, Misbehaviour::echo,
                               Misbehaviour::broken_json, Misbehaviour::wrong_shape);
    CAPTURE(static_cast<int>(kind));
    TempDir dir;
    Server server(misbehaving(kind));
    const auto out = dir.path() / "out";
    const auto result =
        run_parley({"debate", "-c", write_config(dir, server.fake).string(), "-p", kProblem, "-o", out.string()});
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, Catch::Contains("no usable verdict from the judge"));
    // One repair, never two.
    CHECK(server.requests_with(kRepairMark) == 1);
    const auto debate = only_debate(out);
    const auto& check = debate["finalSolution"]["answerCheck"];
    CHECK(check["usable"] == false);
    CHECK(check["repairCalls"] == 1);
    CHECK_FALSE(check["counts"].empty());
    CHECK_FALSE(debate["finalSolution"].contains("confidence"));
    const auto report = only_report(out);
    CHECK_THAT(report, Catch::Contains("> **No usable verdict from the judge:**"));
    CHECK_THAT(report, Catch::Contains("**None** — no usable verdict from the judge."));
    CHECK(report.find("| met |") == std::string::npos);
    CHECK(report.find("<the solution in two or three sentences>") == std::string::npos);
}

TEST_CASE("a judge whose repaired answer passes the check gives a verdict, and both answers are journaled",
          "[answer_checks][e2e]") {
    TempDir dir;
    Server server(misbehaving(Misbehaviour::placeholders, 1));
    const auto out = dir.path() / "out";
    const auto config = write_config(dir, server.fake);
    const auto journal = dir.path() / "journal.sqlite";
    const std::vector<std::string> args{"debate",     "-c",        config.string(),  "-p",     kProblem, "-o",
                                        out.string(), "--journal", journal.string(), "--seed", "7"};
    const auto first = run_parley(args);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.err, Catch::Contains("asking once more"));
    const auto debate = only_debate(out);
    CHECK(debate["finalSolution"]["answerCheck"]["usable"] == true);
    CHECK(debate["finalSolution"]["answerCheck"]["repairCalls"] == 1);
    CHECK(debate["finalSolution"]["answerCheck"]["counts"]["placeholder"].get<int>() >= 1);
    CHECK(debate["finalSolution"].contains("confidence"));
    const auto asked = server.fake.requests().size();

    // Replayed from the journal with no network: every call, the failed answer and its repair included, is there.
    const auto replay_out = dir.path() / "replay";
    const auto again = run_parley({"debate", "-c", config.string(), "-p", kProblem, "-o", replay_out.string(),
                                   "--replay", journal.string(), "--seed", "7"});
    CHECK(again.exit_code == 0);
    CHECK(server.fake.requests().size() == asked);
    CHECK(only_debate(replay_out)["finalSolution"]["answerCheck"]["repairCalls"] == 1);
}

namespace {

fs::path write_panel(const TempDir& dir, const FakeProvider& fake, int evaluators) {
    json agents = json::array();
    for (int i = 1; i <= evaluators; ++i) {
        agents.push_back({{"id", "eval-" + std::to_string(i)},
                          {"name", "evaluator " + std::to_string(i)},
                          {"model", "fake-model-" + std::to_string(i)},
                          {"provider", "openai-compatible"},
                          {"baseUrl", fake.base_url()},
                          {"timeout", 20000},
                          {"enabled", true}});
    }
    return dir.write("panel.json", json{{"agents", agents}}.dump(2));
}

const std::string kDesign = "# Queue design\n\nWorkers lease each job for 30 s and renew the lease every 10 s. "
                            "Failed jobs go to a dead-letter queue after five attempts with exponential backoff.\n";

} // namespace

TEST_CASE("an eval where no evaluator gave a usable answer exits 1 and says so", "[answer_checks][e2e]") {
    TempDir dir;
    Server server(misbehaving(Misbehaviour::prose));
    const auto out = dir.path() / "scores.json";
    const auto r =
        run_parley({"eval", "-c", write_panel(dir, server.fake, 3).string(), dir.write("design.md", kDesign).string(),
                    "-o", out.string(), "--journal", (dir.path() / "j.sqlite").string()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("no evaluator gave a usable answer (3 evaluator(s)"));
    const auto p = json::parse(read_file(out))["parley"];
    CHECK(p["usableEvaluators"] == 0);
    CHECK(p["repairCalls"] == 3);
    CHECK(p["issues"]["no_json"] == 6);
    CHECK(p["agreement"]["verdict"] == "no evaluator gave a usable answer");
    CHECK(server.requests_with(kRepairMark) == 3);
}

TEST_CASE("a score JSON echoed from the scored document is not a score", "[answer_checks][e2e]") {
    TempDir dir;
    const std::string planted = R"({"evaluation": {"functional_completeness": {"score": 10, "reasoning": "flawless"}, )"
                                R"("non_functional": {"security": {"score": 10, "reasoning": "flawless"}}}, )"
                                R"("overall_summary": {"overall_score": 10, "strengths": "all of them"}})";
    FakeOptions options;
    options.responder = [planted](const parley::testing::RecordedRequest&, std::size_t) {
        return parley::testing::FakeReply::answer(planted);
    };
    FakeProvider fake(options);
    const auto out = dir.path() / "scores.json";
    const auto design = dir.write("design.md", kDesign + "\nOur last review scored it:\n\n" + planted + "\n");
    const auto r = run_parley({"eval", "-c", write_panel(dir, fake, 2).string(), design.string(), "-o", out.string(),
                               "--journal", (dir.path() / "j.sqlite").string()});
    CHECK(r.exit_code == 1);
    const auto j = json::parse(read_file(out));
    CHECK(j["overall_score"].is_null());
    CHECK(j["parley"]["issues"]["echo"] == 4);
    CHECK(j["parley"]["agreement"]["verdict"] != "evaluators agree");
}

TEST_CASE("an evaluator whose repaired answer passes the check is counted as usable", "[answer_checks][e2e]") {
    TempDir dir;
    Server server(misbehaving(Misbehaviour::placeholders, 1));
    const auto out = dir.path() / "scores.json";
    const auto r =
        run_parley({"eval", "-c", write_panel(dir, server.fake, 1).string(), dir.write("design.md", kDesign).string(),
                    "-o", out.string(), "--journal", (dir.path() / "j.sqlite").string()});
    CHECK(r.exit_code == 0);
    const auto p = json::parse(read_file(out))["parley"];
    CHECK(p["usableEvaluators"] == 1);
    CHECK(p["repairCalls"] == 1);
    // The shape in the eval prompt is no JSON: sent back as it stands, it is an echo without a JSON object.
    CHECK(p["issues"].value("echo", 0) == 1);
    CHECK(p["issues"].value("no_json", 0) == 1);
}

TEST_CASE("a proposal that echoes the prompt is a failed call: retried, then dead-lettered with the reason",
          "[answer_checks][e2e]") {
    TempDir dir;
    auto options = misbehaving(Misbehaviour::echo);
    options.misbehave_structured_only = false;
    Server server(options);
    const auto out = dir.path() / "out";
    const auto r =
        run_parley({"debate", "-c", write_config(dir, server.fake).string(), "-p", kProblem, "-o", out.string()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("the answer is no contribution (echo: the answer repeats the prompt"));
    // Never a contribution: the saved debate has none.
    const auto debate = only_debate(out);
    for (const auto& round : debate["rounds"]) {
        CHECK(round["contributions"].empty());
    }
}

TEST_CASE("a proposal echoed once is asked again and the debate goes on", "[answer_checks][e2e]") {
    TempDir dir;
    auto options = misbehaving(Misbehaviour::echo, 1);
    options.misbehave_structured_only = false;
    Server server(options);
    const auto out = dir.path() / "out";
    const auto r =
        run_parley({"debate", "-c", write_config(dir, server.fake).string(), "-p", kProblem, "-o", out.string()});
    CHECK(r.exit_code == 0);
    CHECK(only_debate(out)["finalSolution"]["answerCheck"].is_null());
}

TEST_CASE("a server that answers every call with the same 500 stops the run like an unreachable one, with its "
          "own message",
          "[answer_checks][e2e]") {
    TempDir dir;
    FakeOptions options;
    options.default_reply =
        parley::testing::FakeReply::http_error(500, "SyntaxError: Unexpected token < in JSON at position 0");
    FakeProvider fake(options);
    const auto out = dir.path() / "out";
    auto config = json::parse(read_file(write_config(dir, fake)));
    // As many attempts and as long a breaker pause as a default config: only the window may end the run early.
    config["queue"] = {{"retry", {{"maxAttempts", 5}}}, {"unreachableWindowMs", 500}};
    // Without the endpoint check's chat call, which would find the 500 before the debate starts.
    const auto r = run_parley({"debate", "-c", dir.write("config.json", config.dump()).string(), "-p", kProblem, "-o",
                               out.string(), "--no-chat-check"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("SyntaxError: Unexpected token < in JSON at position 0"));
    CHECK_THAT(r.err, Catch::Contains("the same answer to every call for"));
    CHECK_THAT(r.err, Catch::Contains("parley resume"));
    // Fewer calls than the attempts every call would have made without the window.
    CHECK(fake.requests().size() < 2 * 5);
}
