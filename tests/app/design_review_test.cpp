// `parley debate --design`: a given design attacked by the panel and decided on by the judge, end to end with the
// offline provider (and the fake provider for the judge's schema), in sweeps and on resume.

#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "fake/scenario.hpp"
#include "fake/scenario_server.hpp"
#include "support/debate_json.hpp"
#include "support/temp_dir.hpp"
#include "util/sha256.hpp"

using nlohmann::json;
using parley::testing::FakeProvider;
using parley::testing::Misbehaviour;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;
using parley::testing::without_clock;
using Server = parley::testing::ScenarioServer;
using parley::testing::misbehaving;
namespace fs = std::filesystem;

namespace {

const std::string kSource = PARLEY_SOURCE_DIR;
const std::string kProblem = kSource + "/examples/task-queue/problem.md";
const std::string kBrokenAck = kSource + "/examples/designs/redis-streams/flaw-ack.md";

fs::path only(const fs::path& folder, const std::string& extension) {
    for (const auto& e : fs::recursive_directory_iterator(folder)) {
        if (e.path().extension() == extension && e.path().filename() != "sweep.json") {
            return e.path();
        }
    }
    FAIL("no " << extension << " file in " << folder);
    return {};
}

json only_debate(const fs::path& folder) {
    return json::parse(read_file(only(folder, ".json")));
}

std::size_t count_of(const json& round, const std::string& type) {
    std::size_t n = 0;
    for (const auto& c : round["contributions"]) {
        n += c["type"] == type ? 1 : 0;
    }
    return n;
}

} // namespace

TEST_CASE("a given design is critiqued in round 1, refined, and decided on, with the review before and after",
          "[app][design]") {
    TempDir dir;
    const auto out = dir.path() / "out";
    const auto run = run_parley(
        {"debate", "--design", kBrokenAck, "-p", kProblem, "--seed", "3", "--html", "-q", "-o", out.string()});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto debate = only_debate(out);

    const auto& design = debate["parley"]["design"];
    CHECK(design["path"] == kBrokenAck);
    CHECK(design["text"] == read_file(kBrokenAck));
    CHECK(design["sha256"] == parley::util::sha256_hex(read_file(kBrokenAck)));
    CHECK(design["problemGiven"] == true);

    // Round 1: no proposals; one critique of the given design per agent, then one refinement per agent.
    const auto agents = debate["parley"]["agents"].size();
    REQUIRE(agents >= 2);
    const auto& round1 = debate["rounds"][0];
    CHECK(count_of(round1, "proposal") == 0);
    CHECK(count_of(round1, "critique") == agents);
    CHECK(count_of(round1, "refinement") == agents);
    for (const auto& c : round1["contributions"]) {
        if (c["type"] == "critique") {
            CHECK(c["targetAgentId"] == "given-design");
            CHECK_THAT(c["content"].get<std::string>(), Catch::Contains("Acknowledge after processing"));
        }
    }

    // The offline judge decides from the review: a broken mechanism is a rejection, with the change to make.
    const auto& review = debate["finalSolution"]["designReview"];
    CHECK(review["decision"] == "reject");
    REQUIRE_FALSE(review["changes"].empty());
    CHECK_THAT(review["changes"][0]["change"].get<std::string>(), Catch::Contains("Acknowledge after processing"));
    CHECK(review["changes"][0]["priority"] == "must");
    CHECK(debate["parley"].contains("givenDesignReview"));

    // The report opens with the review of the design as given beside the final one, then the decision and changes.
    const auto report = read_file(only(out, ".md"));
    const auto at = report.find("## Design review");
    REQUIRE(at != std::string::npos);
    CHECK(at < report.find("## Summary"));
    CHECK_THAT(report, Catch::Contains("Decision: **reject**"));
    const auto fixed = report.find("### Fixed by the debate");
    const auto left = report.find("### Left");
    REQUIRE(fixed != std::string::npos);
    REQUIRE(left != std::string::npos);
    CHECK(report.substr(fixed, left - fixed).find("Acknowledge after processing") != std::string::npos);
    CHECK_THAT(report, Catch::Contains("### Changes before it ships"));
    CHECK_THAT(report, Catch::Contains("- [ ] [must] Fix Acknowledge after processing"));
    const auto html = read_file(only(out, ".html"));
    CHECK_THAT(html, Catch::Contains("<section id=\"design-review\">"));
    CHECK(html.find("id=\"design-review\"") < html.find("id=\"summary\""));
}

TEST_CASE("without a problem the design is reviewed as it stands, and the report says no problem was given",
          "[app][design]") {
    TempDir dir;
    const auto design = dir.write("design.md", "# Billing queue\n\n## Requirements\n\n- Invoices must be sent "
                                               "within 5 minutes.\n\n## Design\n\nA worker polls a Postgres table "
                                               "of jobs every second and marks each one done after processing.\n");
    const auto out = dir.path() / "out";
    const auto run = run_parley({"debate", "--design", design.string(), "--seed", "1", "-q", "-o", out.string()});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto debate = only_debate(out);
    CHECK(debate["parley"]["design"]["problemGiven"] == false);
    const auto problem = debate["problem"].get<std::string>();
    CHECK(problem.rfind("# Review this design", 0) == 0);
    CHECK_THAT(problem, Catch::Contains("Invoices must be sent within 5 minutes."));
    const auto report = read_file(only(out, ".md"));
    CHECK_THAT(report, Catch::Contains("Problem: **none was given**"));
    CHECK(debate["finalSolution"]["designReview"]["decision"] != "unknown");
}

TEST_CASE("a dry run of a design review plans critiques of the design and no proposals", "[app][design]") {
    const auto run = run_parley({"debate", "--design", kBrokenAck, "-p", kProblem, "--dry-run"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("Design under review: " + kBrokenAck));
    CHECK(run.out.find("proposals") == std::string::npos);
    CHECK_THAT(run.out, Catch::Contains("round 1 critiques"));
}

TEST_CASE("a resumed design review uses the design its run recorded and ends identical", "[app][design][resume]") {
    TempDir dir;
    const auto design = dir.write("design.md", read_file(kBrokenAck));
    const auto out = dir.path() / "out";
    REQUIRE(run_parley({"debate", "--design", design.string(), "-p", kProblem, "--seed", "4", "-q", "-o", out.string()})
                .exit_code == 0);
    const auto path = only(out, ".json");
    auto before = without_clock(json::parse(read_file(path)));
    // Edited after the run: a resume must not change the design under review.
    dir.write("design.md", "# Something else entirely\n");
    const auto resumed =
        run_parley({"resume", path.stem().string(), "--journal", (out / "journal.sqlite").string(), "-v"});
    INFO(resumed.err);
    REQUIRE(resumed.exit_code == 0);
    auto after = without_clock(json::parse(read_file(path)));
    CHECK(after["parley"]["design"] == before["parley"]["design"]);
    CHECK(after == before);
}

TEST_CASE("a sweep reviews a design per problem", "[app][design][sweep][slow]") {
    TempDir dir;
    const auto sweep =
        dir.write("sweep.json", json{{"problems", json::array({json{{"problem", kProblem}, {"design", kBrokenAck}}})},
                                     {"configs", json::array({kSource + "/configs/default.json"})}}
                                    .dump());
    const auto out = dir.path() / "out";
    const auto dry = run_parley({"sweep", sweep.string(), "--dry-run"});
    INFO(dry.err);
    REQUIRE(dry.exit_code == 0);
    CHECK_THAT(dry.out, Catch::Contains("(design " + kBrokenAck + ")"));
    const auto run = run_parley({"sweep", sweep.string(), "-q", "-o", out.string()});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    json debate;
    for (const auto& e : fs::recursive_directory_iterator(out)) {
        if (e.path().extension() == ".json" && e.path().filename().string().rfind("deb-", 0) == 0) {
            debate = json::parse(read_file(e.path()));
        }
    }
    REQUIRE(debate.is_object());
    CHECK(debate["parley"]["design"]["text"] == read_file(kBrokenAck));
    CHECK(debate["finalSolution"]["designReview"]["decision"] == "reject");
}

TEST_CASE("a design review runs with --eval and the panel scores the final design", "[app][design][eval]") {
    TempDir dir;
    const auto out = dir.path() / "out";
    const auto run = run_parley({"debate", "--design", kBrokenAck, "-p", kProblem, "--seed", "2", "--eval",
                                 kSource + "/examples/eval/offline-panel.json", "-q", "-o", out.string()});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto debate = only_debate(out);
    CHECK(debate["parley"]["evaluation"].is_object());
    CHECK(debate["finalSolution"]["designReview"]["decision"] == "reject");
}

namespace {

fs::path fake_config(const TempDir& dir, const FakeProvider& fake) {
    auto participant = [&](const std::string& id, const std::string& role) {
        return parley::testing::fake_participant(fake, id, role);
    };
    const json config{{"agents", json::array({participant("agent-architect", "architect"),
                                              participant("agent-security", "security")})},
                      {"judge", participant("judge-main", "generalist")},
                      {"debate", {{"rounds", 1}, {"summarization", {{"enabled", false}}}}},
                      {"queue", {{"retry", {{"maxAttempts", 2}, {"baseDelayMs", 5}, {"maxDelayMs", 20}}}}}};
    return dir.write("config.json", config.dump(2));
}

} // namespace

TEST_CASE("a model judge's design review is checked against its schema: decision, reasons and changes",
          "[app][design][answer_checks]") {
    TempDir dir;
    Server server(misbehaving(Misbehaviour::none));
    const auto out = dir.path() / "out";
    const auto run = run_parley({"debate", "--design", kBrokenAck, "-p", kProblem, "-c",
                                 fake_config(dir, server.fake).string(), "-q", "-o", out.string()});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto debate = only_debate(out);
    const auto& review = debate["finalSolution"]["designReview"];
    CHECK(review["decision"] == "accept with changes");
    REQUIRE(review["changes"].size() == 1);
    CHECK(review["changes"][0]["priority"] == "must");
    // The judge was asked with the design-review prompt, and the design was in it.
    bool asked = false;
    for (const auto& r : server.fake.requests()) {
        asked = asked || (r.body.find("Decide whether it ships") != std::string::npos &&
                          r.body.find("XACK as soon as it is read") != std::string::npos);
    }
    CHECK(asked);
}

TEST_CASE("a model judge that never gives a usable decision leaves it unknown after one repair",
          "[app][design][answer_checks]") {
    TempDir dir;
    Server server(misbehaving(Misbehaviour::placeholders));
    const auto out = dir.path() / "out";
    const auto run = run_parley({"debate", "--design", kBrokenAck, "-p", kProblem, "-c",
                                 fake_config(dir, server.fake).string(), "-q", "-o", out.string()});
    CHECK(run.exit_code == 1);
    std::size_t repairs = 0;
    for (const auto& r : server.fake.requests()) {
        repairs += r.body.find("Your answer could not be used") != std::string::npos ? 1 : 0;
    }
    CHECK(repairs == 1);
    const auto debate = only_debate(out);
    CHECK(debate["finalSolution"]["designReview"]["decision"] == "unknown");
    CHECK(debate["finalSolution"]["answerCheck"]["usable"] == false);
    const auto report = read_file(only(out, ".md"));
    CHECK_THAT(report, Catch::Contains("Decision: **unknown: the judge gave no usable decision**"));
}
