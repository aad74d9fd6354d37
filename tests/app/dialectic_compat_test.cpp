// dialectic users' commands as they are, and the small things a newcomer hits first: the parley binary end to end.

#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/task-queue/problem.md";

json participant(const std::string& id, const std::string& role) {
    return {{"id", id}, {"name", id}, {"role", role}, {"model", "m"}, {"provider", "offline"}};
}

} // namespace

TEST_CASE("dialectic's debate flags run as they are", "[app][dialectic][e2e]") {
    TempDir dir;
    const auto context = dir.write("context.md", "We already run Postgres 15 in two regions.\n");
    const auto env = dir.write("keys.env", "UNUSED_KEY=1\n");
    const auto result = dir.path() / "out" / "result.json";
    auto r = run_parley({"debate", "--problemDescription", kProblem, "-a", "architect,datamodeling", "-r", "1",
                         "--context", context.string(), "-e", env.string(), "--offline", "-o", result.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(fs::is_regular_file(result));
    CHECK(fs::is_regular_file(dir.path() / "out" / "result.md"));
    CHECK(fs::is_regular_file(dir.path() / "out" / "journal.sqlite"));
    CHECK_THAT(r.out, Catch::Contains(result.string()));
    const auto state = json::parse(read_file(result));
    CHECK(state["status"] == "completed");
    CHECK(state["context"] == "We already run Postgres 15 in two regions.");
    CHECK_THAT(state.dump(), Catch::Contains("# Extra Context\\n\\nWe already run Postgres 15"));
    std::vector<std::string> roles;
    for (const auto& agent : state["parley"]["agents"]) {
        roles.push_back(agent["role"]);
    }
    CHECK(roles == std::vector<std::string>{"architect", "datamodeling"});

    SECTION("report --debate renders it") {
        auto rr = run_parley({"report", "--debate", result.string()});
        CHECK(rr.exit_code == 0);
        CHECK_THAT(rr.out, Catch::Contains("Data Modeling Specialist"));
    }
}

TEST_CASE("an output name with an unknown extension is refused before anything runs", "[app][dialectic]") {
    TempDir dir;
    auto r = run_parley({"debate", "-p", kProblem, "--offline", "-o", (dir.path() / "solution.txt").string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("unknown extension \".txt\""));
    CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("a mistyped command gets the nearest one, and exit code 2", "[app][newcomer]") {
    auto r = run_parley({"debat", "-p", kProblem});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "parley: unknown command 'debat'; did you mean 'debate'?\n");
    auto far = run_parley({"frobnicate"});
    CHECK(far.exit_code == 2);
    CHECK_THAT(far.err, Catch::Contains("unknown command 'frobnicate' (commands: init, debate"));
}

TEST_CASE("report refuses an output extension it cannot write", "[app][newcomer]") {
    TempDir dir;
    const auto debate = dir.write("d.json", R"({"id": "d", "problem": "p", "status": "completed", "rounds": []})");
    auto r = run_parley({"report", debate.string(), "-o", (dir.path() / "report.txt").string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("unknown report format (known: .md, .html)"));
    CHECK_FALSE(fs::exists(dir.path() / "report.txt"));
}

TEST_CASE("a quiet run prints warnings and errors but not the output paths", "[app][newcomer]") {
    TempDir dir;
    json config{{"agents", json::array({participant("a1", "architect")})},
                {"judge", participant("j", "generalist")},
                {"debate", {{"rounds", 1}}}};
    config["agents"][0]["temprature"] = 0.2;
    const auto cfg = dir.write("cfg.json", config.dump());
    auto r = run_parley({"debate", "-q", "-p", kProblem, "-c", cfg.string(), "-o", (dir.path() / "out").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("agents[0].temprature: unknown key, ignored"));
    // The offline judge answers in the format asked for; counting the planned calls must not warn either.
    CHECK_THAT(r.err, !Catch::Contains("not the JSON"));
}

TEST_CASE("the provider presets work from any folder", "[app][newcomer]") {
    TempDir cwd;
    auto check = run_parley({"config", "check", "configs/ollama.json"}, cwd.path());
    INFO(check.err);
    CHECK(check.exit_code == 0);
    CHECK_THAT(check.out, Catch::Contains("configs/ollama.json (built in): ok"));
    auto run =
        run_parley({"debate", "-q", "-p", kProblem, "-c", "configs/openai.json", "--offline", "-r", "1"}, cwd.path());
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(fs::is_directory(cwd.path() / "debates"));
}

TEST_CASE("report names dialectic's agents, from the debate or from --config", "[app][dialectic]") {
    TempDir dir;
    json contribution{{"agentId", "agent-architect"},
                      {"agentRole", "architect"},
                      {"type", "proposal"},
                      {"content", "Use a log."},
                      {"metadata", {{"model", "gpt-4o"}}}};
    json debate{{"id", "deb-1"},
                {"problem", "Design a queue."},
                {"status", "completed"},
                {"currentRound", 1},
                {"rounds", json::array({{{"roundNumber", 1}, {"contributions", json::array({contribution})}}})},
                {"finalSolution",
                 {{"description", "d"},
                  {"tradeoffs", json::array()},
                  {"recommendations", json::array()},
                  {"confidence", 70},
                  {"synthesizedBy", "judge-main"}}}};
    const auto file = dir.write("dialectic.json", debate.dump());
    auto plain = run_parley({"report", file.string()});
    INFO(plain.err);
    REQUIRE(plain.exit_code == 0);
    CHECK_THAT(plain.out, Catch::Contains("System Architect") && Catch::Contains("Technical Judge"));

    json config{{"agents", json::array({participant("agent-architect", "architect")})},
                {"judge", participant("judge-main", "generalist")}};
    config["agents"][0]["name"] = "Ada";
    const auto cfg = dir.write("debate-config.json", config.dump());
    auto named = run_parley({"report", "--debate", file.string(), "--config", cfg.string()});
    REQUIRE(named.exit_code == 0);
    CHECK_THAT(named.out, Catch::Contains("Ada"));
}

TEST_CASE("a judge answer that is not JSON is no usable verdict: saved, said on stderr, exit 1",
          "[app][dialectic][e2e]") {
    FakeOptions options;
    options.default_reply.content = "Plain prose from a model that ignored the format.";
    FakeProvider fake(options);
    TempDir dir;
    auto net = participant("a1", "architect");
    net["provider"] = "openai-compatible";
    net["baseUrl"] = fake.base_url();
    net["stream"] = false;
    auto judge = net;
    judge["id"] = "j";
    judge["role"] = "generalist";
    json config{{"agents", json::array({net})}, {"judge", judge}, {"debate", {{"rounds", 1}}}};
    const auto cfg = dir.write("cfg.json", config.dump());
    const auto out = dir.path() / "d.json";
    auto r = run_parley({"debate", "-p", kProblem, "-c", cfg.string(), "-o", out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("warning: deb-") && Catch::Contains("no usable verdict from the judge"));
    const auto state = json::parse(read_file(out));
    CHECK(state["finalSolution"]["answerCheck"]["usable"] == false);
    CHECK(state["finalSolution"]["description"] == "");
    CHECK_FALSE(state["finalSolution"].contains("confidence"));
}

TEST_CASE("several problems named problem.md are told apart in the output", "[app][newcomer][e2e]") {
    TempDir dir;
    fs::create_directories(dir.path() / "billing");
    fs::create_directories(dir.path() / "search");
    const auto text = read_file(kProblem);
    const auto a = dir.write("billing/problem.md", text);
    const auto b = dir.write("search/problem.md", text);
    auto r = run_parley(
        {"debate", "-p", a.string(), "-p", b.string(), "--offline", "-r", "1", "-o", (dir.path() / "out").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("(billing/problem.md)") && Catch::Contains("(search/problem.md)"));
}
