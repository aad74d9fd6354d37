// `parley eval` end to end: the binary against the loopback fake provider with scripted evaluator answers.

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "report/sample_debate.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::FakeReply;
using parley::testing::read_file;
using parley::testing::RecordedRequest;
using parley::testing::run_parley;
using parley::testing::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* kKeyEnv = "PARLEY_EVAL_KEY";
constexpr const char* kKey = "sk-eval-3c1d8e7f9a0b2c4d6e8f";
const std::vector<std::string> kEnv{std::string(kKeyEnv) + "=" + kKey};
const std::string kQuote = "Workers lease each job for 30 seconds and renew the lease with heartbeats.";

// A finished debate whose final solution names its authors, so blinding has something to remove.
fs::path write_debate(const TempDir& dir, const std::string& name = "debate.json",
                      const std::string& extra = "The dead-letter queue keeps failed jobs for 7 days.") {
    const json participant_a{{"id", "agent-architect"},  {"name", "Ada Quill"},  {"role", "architect"},
                             {"model", "fake-writer-7"}, {"provider", "openai"}, {"temperature", 0.5}};
    const json participant_b{{"id", "agent-security"},   {"name", "Brix Morrow"}, {"role", "security"},
                             {"model", "fake-writer-9"}, {"provider", "openai"},  {"temperature", 0.5}};
    const json debate{
        {"id", "deb-eval-test"},
        {"problem", "Design a task queue for 1,000 jobs per second."},
        {"status", "completed"},
        {"currentRound", 1},
        {"rounds", json::array()},
        {"finalSolution",
         {{"description",
           "# Design\n\nAs Ada Quill proposed and Brix Morrow (agent-security) refined on fake-writer-7:\n" + kQuote +
               "\n" + extra},
          {"tradeoffs", json::array()},
          {"recommendations", json::array()},
          {"confidence", 80},
          {"synthesizedBy", "judge"}}},
        {"createdAt", "2026-11-29T10:00:00Z"},
        {"updatedAt", "2026-11-29T10:00:00Z"},
        {"parley", {{"agents", json::array({participant_a, participant_b})}}}};
    return dir.write(name, debate.dump(2));
}

json evaluator(const std::string& id, const std::string& model, const FakeProvider& fake) {
    return {{"id", id},
            {"name", id + " evaluator"},
            {"model", model},
            {"provider", "openai-compatible"},
            {"baseUrl", fake.base_url()},
            {"apiKeyEnv", kKeyEnv},
            {"timeout", 20000},
            {"enabled", true}};
}

std::string good_answer(int score) {
    const json item{{"score", score}, {"reasoning", "leases are renewed"}, {"evidence", json::array({kQuote})}};
    return json{{"evaluation",
                 {{"functional_completeness", item},
                  {"non_functional",
                   {{"performance_scalability", item},
                    {"security", item},
                    {"maintainability_evolvability", item},
                    {"regulatory_compliance", item},
                    {"testability", item}}}}},
                {"overall_summary", {{"strengths", "s"}, {"weaknesses", "w"}, {"overall_score", score}}}}
        .dump();
}

// Every category present but wrong in one way or another.
const std::string kMalformedAnswer = R"(Sure! {"evaluation": {"functional_completeness": {"score": "7"},
  "non_functional": {"performance_scalability": {"score": 12}, "security": {"score": "strong"},
  "maintainability_evolvability": {"score": 6, "evidence": ["a sentence the design never says"]}}},
  "overall_summary": {"overall_score": 7}})";

// The model named in a chat request body.
std::string model_of(const RecordedRequest& r) {
    return json::parse(r.body).value("model", std::string());
}

// Answers by the model asked; "m-slow" waits `slow_ms` (read at each request, so a test can speed it up).
FakeOptions scripted(std::shared_ptr<std::atomic<long>> slow_ms = std::make_shared<std::atomic<long>>(0)) {
    FakeOptions options;
    options.responder = [slow_ms](const RecordedRequest& r, std::size_t) {
        const auto model = model_of(r);
        if (model == "m-malformed") {
            return FakeReply::answer(kMalformedAnswer);
        }
        if (model == "m-prose") {
            return FakeReply::answer("I would rate it a solid eight.");
        }
        auto reply = FakeReply::answer(good_answer(model == "m-low" ? 3 : 8));
        if (model == "m-slow") {
            reply.latency = std::chrono::milliseconds(slow_ms->load());
        }
        return reply;
    };
    return options;
}

fs::path write_panel(const TempDir& dir, const FakeProvider& fake, const std::vector<std::string>& models) {
    json agents = json::array();
    for (std::size_t i = 0; i < models.size(); ++i) {
        agents.push_back(evaluator("eval-" + std::to_string(i + 1), models[i], fake));
    }
    return dir.write("panel.json", json{{"agents", agents}}.dump(2));
}

std::size_t chat_requests(const FakeProvider& fake) {
    std::size_t n = 0;
    for (const auto& r : fake.requests()) {
        n += r.path.find("chat/completions") != std::string::npos ? 1 : 0;
    }
    return n;
}

} // namespace

TEST_CASE("eval scores a debate with a dialectic-style panel, counting every malformed answer and keeping the "
          "rest",
          "[app][eval]") {
    TempDir dir;
    FakeProvider fake(scripted());
    const auto debate = write_debate(dir);
    const auto panel = write_panel(dir, fake, {"m-good", "m-malformed", "m-prose"});
    const auto out = dir.path() / "scores.json";
    const auto r = run_parley({"eval", "-c", panel.string(), "-d", debate.string(), "-o", out.string(), "--journal",
                               (dir.path() / "j.sqlite").string(), "-q"},
                              dir.path(), kEnv);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(read_file(out));
    const auto& p = j["parley"];
    // The malformed and the prose evaluators are asked once more and answer alike: every defect is counted twice.
    CHECK(p["repairCalls"] == 2);
    CHECK(p["usableEvaluators"] == 2);
    CHECK(p["issues"]["string_number"] == 2);
    CHECK(p["issues"]["out_of_range"] == 2);
    CHECK(p["issues"]["not_a_number"] == 2);
    CHECK(p["issues"]["missing_category"] == 4);
    CHECK(p["issues"]["no_json"] == 2);
    CHECK(p["categories"]["maintainability_evolvability"]["unsupported"] == 1);
    // 8 from the good evaluator, "7" read as 7 from the malformed one.
    CHECK(j["evaluation"]["functional_completeness"]["average_score"] == 7.5);
    // 12 clamped to 10.
    CHECK(j["evaluation"]["non_functional"]["performance_scalability"]["average_score"] == 9.0);
    // The malformed evaluator's unsupported 6 is left out.
    CHECK(j["evaluation"]["non_functional"]["maintainability_evolvability"]["average_score"] == 8.0);
    CHECK(j["overall_score"] == 7.5);
    CHECK(j["agents"].contains("eval-1"));
    CHECK_THAT(p["warnings"].dump(), Catch::Contains("evaluator eval-3 gave no usable answer"));
    CHECK(p["calls"] == 3);
}

TEST_CASE("no agent name, id or model of the debate reaches any evaluator request body", "[app][eval]") {
    TempDir dir;
    FakeProvider fake(scripted());
    const auto debate = write_debate(dir);
    const auto panel = write_panel(dir, fake, {"m-good", "m-low"});
    const auto r = run_parley({"eval", "-c", panel.string(), "-d", debate.string(), "--samples", "2", "--journal",
                               (dir.path() / "j.sqlite").string(), "-q"},
                              dir.path(), kEnv);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto requests = fake.requests();
    REQUIRE(chat_requests(fake) == 4);
    for (const auto& req : requests) {
        for (const auto* name : {"Ada Quill", "Brix Morrow", "agent-security", "agent-architect", "fake-writer-7"}) {
            CHECK(req.body.find(name) == std::string::npos);
        }
        CHECK(req.body.find("Workers lease each job") != std::string::npos);
    }
    // Two evaluators 5 points apart: the Markdown on stdout says not to rely on the scores.
    CHECK_THAT(r.out, Catch::Contains("evaluators disagree: do not rely on this score"));
}

TEST_CASE("an interrupted eval resumes with zero repeated finished calls", "[app][eval]") {
    TempDir dir;
    auto slow_ms = std::make_shared<std::atomic<long>>(20'000);
    FakeProvider fake(scripted(slow_ms));
    const auto debate = write_debate(dir);
    const auto panel = write_panel(dir, fake, {"m-good", "m-low", "m-slow"});
    const auto journal = (dir.path() / "j.sqlite").string();
    const std::vector<std::string> args{"eval",
                                        "-c",
                                        panel.string(),
                                        "-d",
                                        debate.string(),
                                        "--journal",
                                        journal,
                                        "-o",
                                        (dir.path() / "out.json").string(),
                                        "-q"};
    {
        // A parley child, killed when it leaves this scope.
        parley::testing::ChildProcess child(parley::testing::parley_argv(args), {dir.path(), {}, {}, kEnv, {}});
        // The two fast evaluators answer at once; the slow one holds its call open. Give the journal time to
        // record the two answers, then kill the process.
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (chat_requests(fake) < 3 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(10ms);
        }
        REQUIRE(chat_requests(fake) == 3);
        std::this_thread::sleep_for(500ms);
    }
    slow_ms->store(0);
    // The same command again is the resume: the two finished calls come from the journal.
    const auto r = run_parley(args, dir.path(), kEnv);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto requests = fake.requests();
    std::size_t good = 0;
    std::size_t slow = 0;
    for (const auto& req : requests) {
        if (req.path.find("chat/completions") == std::string::npos) {
            continue;
        }
        good += model_of(req) == "m-good" || model_of(req) == "m-low" ? 1 : 0;
        slow += model_of(req) == "m-slow" ? 1 : 0;
    }
    CHECK(good == 2);
    CHECK(slow == 2);
    const auto j = json::parse(read_file(dir.path() / "out.json"));
    CHECK(j["parley"]["fromJournal"] == 2);
}

TEST_CASE("a comparison asks in both orders, and an evaluator that prefers whatever comes first is all flips with "
          "the winner withheld",
          "[app][eval]") {
    TempDir dir;
    FakeOptions options;
    options.responder = [](const RecordedRequest&, std::size_t) {
        json c = json::object();
        for (const auto* key : {"functional_completeness", "performance_scalability", "security",
                                "maintainability_evolvability", "regulatory_compliance", "testability", "overall"}) {
            c[key] = {{"winner", "A"}, {"reasoning", "the first one reads better"}};
        }
        return FakeReply::answer(json{{"comparison", c}}.dump());
    };
    FakeProvider fake(options);
    const auto a = write_debate(dir, "a.json");
    const auto b = write_debate(dir, "b.json", "Failed jobs are dropped after three attempts.");
    const auto panel = write_panel(dir, fake, {"m-first"});
    const auto out = dir.path() / "cmp.json";
    const auto r = run_parley({"eval", "-c", panel.string(), "--compare", a.string(), b.string(), "-o", out.string(),
                               "--journal", (dir.path() / "j.sqlite").string(), "-q"},
                              dir.path(), kEnv);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(chat_requests(fake) == 2);
    const auto c = json::parse(read_file(out))["comparison"];
    CHECK(c["winner"].is_null());
    CHECK(c["evaluators"][0]["flipRate"] == 1.0);
    CHECK(c["items"]["overall"]["flips"] == 1);
    // Each order shows the other design first.
    const auto requests = fake.requests();
    CHECK(requests[0].body != requests[1].body);
}

TEST_CASE("without -c the built-in offline panel scores a design file, labelled as the design review", "[app][eval]") {
    TempDir dir;
    const auto design = std::string(PARLEY_SOURCE_DIR) + "/examples/designs/kafka/sound.md";
    const auto out = dir.path() / "scores.md";
    const auto r =
        run_parley({"eval", design, "--problem", std::string(PARLEY_SOURCE_DIR) + "/examples/task-queue/problem.md",
                    "-o", out.string(), "--journal", (dir.path() / "j.sqlite").string(), "-q"},
                   dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto md = read_file(out);
    CHECK_THAT(md, Catch::Contains("offline: derived from the deterministic design review"));
    CHECK_THAT(md, Catch::Contains("agreement cannot be measured (one evaluator)"));
    // The review's evidence lines are quotes from the design, so they check out.
    CHECK_THAT(md, Catch::Contains("| Functional Completeness |"));
    CHECK(md.find("| Functional Completeness | N/A") == std::string::npos);
}

TEST_CASE("eval -o FILE.html writes one self-contained page, the verdict before the scores", "[app][eval]") {
    TempDir dir;
    const auto design = std::string(PARLEY_SOURCE_DIR) + "/examples/designs/kafka/sound.md";
    const auto out = dir.path() / "scores.html";
    const auto r =
        run_parley({"eval", design, "--problem", std::string(PARLEY_SOURCE_DIR) + "/examples/task-queue/problem.md",
                    "-o", out.string(), "--journal", (dir.path() / "j.sqlite").string(), "-q"},
                   dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto html = read_file(out);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK_THAT(html, Catch::Contains("Content-Security-Policy"));
    CHECK_THAT(html, Catch::Contains("offline: derived from the deterministic design review"));
    CHECK_THAT(html, Catch::Contains("agreement cannot be measured (one evaluator)"));
    CHECK(html.find("id=\"verdict\"") < html.find("id=\"scores\""));
    CHECK_THAT(html, Catch::Contains("<svg"));
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("http://") == std::string::npos);
}

TEST_CASE("eval refuses an unknown output extension and conflicting inputs with exit 2 and one line", "[app][eval]") {
    TempDir dir;
    const auto design = dir.write("d.md", "# Design\n");
    const auto txt = run_parley({"eval", design.string(), "-o", (dir.path() / "x.txt").string()}, dir.path());
    CHECK(txt.exit_code == 2);
    CHECK_THAT(txt.err, Catch::Contains("unknown extension (use .md, .json, .csv or .html)"));
    const auto both = run_parley({"eval", design.string(), "-d", design.string()}, dir.path());
    CHECK(both.exit_code == 2);
    CHECK_THAT(both.err, Catch::Contains("exactly one of"));
}

TEST_CASE("debate --eval keeps the panel's verdict in the debate JSON, as eval -o writes it, and in the report",
          "[app][eval]") {
    TempDir dir;
    const auto panel = dir.write(
        "offline-panel.json", R"({"agents": [{"id": "review", "model": "parley-offline-1", "provider": "offline"}]})");
    const auto out = dir.path() / "out";
    const auto r = run_parley({"debate", "--offline", "--seed", "7", "-r", "1", "-p",
                               std::string(PARLEY_SOURCE_DIR) + "/examples/task-queue/problem.md", "-o", out.string(),
                               "--eval", panel.string(), "-q"},
                              dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    fs::path json_file;
    fs::path report;
    for (const auto& e : fs::directory_iterator(out)) {
        if (e.path().extension() == ".json") {
            json_file = e.path();
        } else if (e.path().extension() == ".md") {
            report = e.path();
        }
    }
    const auto saved = json::parse(read_file(json_file));
    REQUIRE(saved["parley"].contains("evaluation"));
    auto embedded = saved["parley"]["evaluation"];
    CHECK_THAT(read_file(report), Catch::Contains("## Evaluation"));
    // The summary at the top shows the scores, labelled as the design review's.
    const auto md = read_file(report);
    CHECK(md.find("### Evaluation scores") < md.find("## Evaluation\n"));
    CHECK_THAT(md, Catch::Contains("| Category | Mean | 95% interval | Agreement |"));
    CHECK_THAT(md, Catch::Contains("_Scores offline: derived from the deterministic design review, not a model's "
                                   "opinion."));

    const auto standalone = dir.path() / "standalone.json";
    const auto e = run_parley({"eval", "-c", panel.string(), "-d", json_file.string(), "-o", standalone.string(),
                               "--journal", (dir.path() / "other.sqlite").string(), "-q"},
                              dir.path());
    INFO(e.err);
    REQUIRE(e.exit_code == 0);
    CHECK(json::parse(read_file(standalone)) == embedded);
}

TEST_CASE("eval reads a debate saved by dialectic and scores its final solution", "[app][eval]") {
    TempDir dir;
    const auto debate = dir.write("dialectic.json", parley::testing::kDialecticDebateJson);
    const auto out = dir.path() / "scores.json";
    const auto r = run_parley(
        {"eval", "-d", debate.string(), "-o", out.string(), "--journal", (dir.path() / "j.sqlite").string(), "-q"},
        dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(read_file(out));
    CHECK(j["parley"]["document"] == "dialectic.json");
    CHECK(j["parley"]["calls"] == 1);
    CHECK(j["overall_score"].is_number());
}

TEST_CASE("eval --dry-run prints the planned calls and makes none", "[app][eval]") {
    TempDir dir;
    FakeProvider fake(scripted());
    const auto debate = write_debate(dir);
    const auto panel = write_panel(dir, fake, {"m-good", "m-low"});
    const auto r = run_parley({"eval", "-c", panel.string(), "-d", debate.string(), "--samples", "3", "--dry-run"},
                              dir.path(), kEnv);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("2 evaluator(s) x 3 sample(s)") && Catch::Contains("total: 6 call(s)"));
    CHECK(chat_requests(fake) == 0);
}
