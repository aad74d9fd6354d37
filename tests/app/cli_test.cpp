#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/debate_json.hpp"
#include "support/temp_dir.hpp"

using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;
using parley::testing::without_clock;

namespace {

const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/task-queue/problem.md";

std::filesystem::path only_file(const std::filesystem::path& dir, const std::string& ext) {
    std::filesystem::path found;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() == ext) {
            REQUIRE(found.empty());
            found = e.path();
        }
    }
    REQUIRE_FALSE(found.empty());
    return found;
}

} // namespace

TEST_CASE("an offline debate writes its JSON and report and says where", "[app][e2e]") {
    TempDir dir;
    auto r = run_parley({"debate", "-p", kProblem, "--offline", "-o", dir.path().string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto json_path = only_file(dir.path(), ".json");
    const auto md_path = only_file(dir.path(), ".md");
    CHECK_THAT(r.out, Catch::Contains(json_path.string()));
    CHECK_THAT(r.out, Catch::Contains(md_path.string()));
    CHECK_THAT(json_path.filename().string(), Catch::Matches("deb-[0-9]{8}-[0-9]{6}-[0-9a-z]{3}\\.json"));
    const auto state = nlohmann::json::parse(read_file(json_path));
    CHECK(state["status"] == "completed");
    CHECK(state["rounds"].size() == 2);
    CHECK(state["finalSolution"]["confidence"].is_number());

    SECTION("re-rendering the saved JSON gives the same report bytes") {
        const auto again = dir.path() / "again.md";
        auto rr = run_parley({"report", json_path.string(), "-o", again.string()});
        REQUIRE(rr.exit_code == 0);
        CHECK(read_file(again) == read_file(md_path));
    }
}

TEST_CASE("two offline runs with the same seed differ only in ids and timestamps", "[app][e2e]") {
    TempDir a;
    TempDir b;
    REQUIRE(run_parley({"debate", "-q", "-p", kProblem, "--seed", "3", "-o", a.path().string()}).exit_code == 0);
    REQUIRE(run_parley({"debate", "-q", "-p", kProblem, "--seed", "3", "-o", b.path().string()}).exit_code == 0);
    const auto ja = nlohmann::json::parse(read_file(only_file(a.path(), ".json")));
    const auto jb = nlohmann::json::parse(read_file(only_file(b.path(), ".json")));
    CHECK(without_clock(ja) == without_clock(jb));

    TempDir c;
    REQUIRE(run_parley({"debate", "-q", "-p", kProblem, "--seed", "4", "-o", c.path().string()}).exit_code == 0);
    const auto jc = nlohmann::json::parse(read_file(only_file(c.path(), ".json")));
    CHECK(without_clock(ja) != without_clock(jc));
}

TEST_CASE("bad input exits with 2 and one clear line", "[app][errors]") {
    TempDir dir;
    const auto out = dir.path().string();
    SECTION("problem given twice") {
        auto r = run_parley({"debate", "inline text", "-p", kProblem, "-o", out});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("not both"));
    }
    SECTION("no problem") {
        auto r = run_parley({"debate", "-o", out});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("no problem given"));
    }
    SECTION("missing problem file") {
        auto r = run_parley({"debate", "-p", (dir.path() / "nope.md").string(), "-o", out});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("nope.md"));
    }
    SECTION("invalid config JSON names line and column") {
        const auto cfg = dir.write("bad.json", "{\n  \"agents\": [,]\n}");
        auto r = run_parley({"debate", "x", "-c", cfg.string(), "-o", out});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("bad.json:2:"));
    }
    SECTION("zero rounds") {
        auto r = run_parley({"debate", "x", "--rounds", "0", "-o", out});
        CHECK(r.exit_code == 2);
    }
    SECTION("unknown role in --agents") {
        auto r = run_parley({"debate", "x", "--agents", "architect,wizard", "-o", out});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("wizard"));
    }
    SECTION("a budget that is not a positive number") {
        auto r = run_parley({"debate", "x", "--max-cost", "-1", "-o", out});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("--max-cost: must be a number above 0, got -1"));
    }
    SECTION("a replay journal that is not a journal") {
        const auto bogus = dir.write("bogus.sqlite", "not a database");
        auto r = run_parley({"debate", "x", "--replay", bogus.string(), "-o", out});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("bogus.sqlite"));
    }
    SECTION("unknown flag") {
        auto r = run_parley({"debate", "x", "--no-such-flag"});
        CHECK(r.exit_code == 2);
    }
}

TEST_CASE("config check reports ok or the exact problem", "[app][config]") {
    TempDir dir;
    auto ok = run_parley({"config", "check", std::string(PARLEY_SOURCE_DIR) + "/configs/default.json"});
    CHECK(ok.exit_code == 0);
    CHECK_THAT(ok.out, Catch::Contains(": ok, 0 warnings ("));
    const auto bad = dir.write("c.json", R"({"agents": [{"id": "a", "role": "architect", "model": 5}]})");
    auto r = run_parley({"config", "check", bad.string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("agents[0].model: expected a string, got a number"));
}

TEST_CASE("report refuses a file that is not a debate", "[app][report]") {
    TempDir dir;
    const auto bad = dir.write("x.json", R"({"rounds": "many"})");
    auto r = run_parley({"report", bad.string()});
    CHECK(r.exit_code == 2);
    CHECK_FALSE(r.err.empty());
}

TEST_CASE("every kind of config error exits with 2 and names the place", "[app][errors][config]") {
    TempDir dir;
    const auto out = dir.path().string();
    const std::string agent_ok = R"({"id": "a", "name": "A", "role": "architect", "model": "m", "provider": "offline")";
    auto config = [&](const std::string& agent_extra, const std::string& debate) {
        return R"({"agents": [)" + agent_ok + agent_extra + R"(}],
  "judge": {"id": "j", "name": "J", "role": "generalist", "model": "m", "provider": "offline"},
  "debate": )" +
               debate + "}";
    };
    struct Case {
        const char* name;
        std::string text;
        const char* expected;
    };
    const Case cases[] = {
        {"wrong type", config(R"(, "temperature": "hot")", R"({"rounds": 1})"),
         "agents[0].temperature: expected a number"},
        {"unknown role", config(R"(, "role": "wizard")", R"({"rounds": 1})"), "unknown role \"wizard\""},
        {"missing prompt file", config(R"(, "systemPromptPath": "nope.md")", R"({"rounds": 1})"), "nope.md"},
        {"rounds 0", config("", "{\n\"rounds\": 0}"), "c.json:4: debate.rounds: must be at least 1, got 0"},
        {"unknown provider", config(R"(, "provider": "skynet")", R"({"rounds": 1})"), "unknown provider \"skynet\""},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        const auto file = dir.write("c.json", c.text);
        auto r = run_parley({"debate", "x", "-c", file.string(), "-o", out});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains(c.expected));
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        auto check = run_parley({"config", "check", file.string()});
        CHECK(check.exit_code == 2);
        CHECK_THAT(check.err, Catch::Contains(c.expected));
    }
}

TEST_CASE("bad problem files exit with 2, never crash, and write nothing", "[app][errors][problem]") {
    TempDir dir;
    const auto out = (dir.path() / "out").string();
    const std::pair<std::string, std::string> files[] = {
        {"empty.md", ""},
        {"big.md", std::string(5 * 1024 * 1024, 'x')},
        {"latin1.md", "caf\xe9 au lait\n"},
    };
    for (const auto& [name, content] : files) {
        INFO(name);
        auto r = run_parley({"debate", "-p", dir.write(name, content).string(), "-o", out});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::StartsWith("parley: ") && Catch::Contains(name));
    }
    CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("config check counts the warnings and --strict refuses them with exit code 2", "[app][config][suggest]") {
    TempDir dir;
    const auto typo = dir.write("c.json", R"({"rounds": 2, "agents": [{"id": "a", "role": "architect", "model": "m",
  "temprature": 0.2}]})");
    auto r = run_parley({"config", "check", typo.string()});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains(": ok, 3 warnings ("));
    CHECK_THAT(r.err, Catch::Contains("rounds: unknown key, ignored; did you mean \"debate.rounds\"?"));
    CHECK_THAT(r.err, Catch::Contains("agents[0].temprature: unknown key, ignored; did you mean \"temperature\"?"));
    auto strict = run_parley({"config", "check", "--strict", typo.string()});
    CHECK(strict.exit_code == 2);
    CHECK(strict.out.empty());
    CHECK_THAT(strict.err, Catch::Contains("3 warnings, refused by --strict"));
}

TEST_CASE("mistakes on the command line get the nearest valid name", "[app][errors][suggest]") {
    TempDir dir;
    const auto out = dir.path().string();
    SECTION("a positional problem that names a file") {
        dir.write("problem.md", "Design a queue.");
        auto r = run_parley({"debate", "problem.md", "-o", "out"}, dir.path());
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("problem.md is a file; did you mean `-p problem.md`?"));
        CHECK_FALSE(std::filesystem::exists(dir.path() / "out"));
    }
    SECTION("a mistyped flag") {
        auto r = run_parley({"debate", "x", "--rouds", "2", "-o", out});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("parley: unknown flag --rouds; did you mean --rounds?"));
        auto sweep = run_parley({"sweep", "status", "sw-1", "--rediss", "redis://127.0.0.1:1"});
        CHECK(sweep.exit_code == 2);
        CHECK_THAT(sweep.err, Catch::Contains("unknown flag --rediss; did you mean --redis?"));
    }
    SECTION("a command spelled out further") {
        auto r = run_parley({"evaluate", "design.md"});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("unknown command 'evaluate'; did you mean 'eval'?"));
    }
}

TEST_CASE("sweep status against nothing listening fails with one line, without retrying", "[app][sweep][redis]") {
    // Port 9 (discard) on loopback: nothing listens there in a test environment.
    auto r = run_parley({"sweep", "status", "sw-0123456789ab", "--redis", "redis://127.0.0.1:9/0"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_THAT(r.err, Catch::StartsWith("parley: "));
    CHECK_THAT(r.err, !Catch::Contains("retrying"));
}

TEST_CASE("the top-level help shows an example of every command", "[app][help]") {
    auto r = run_parley({"--help"});
    CHECK(r.exit_code == 0);
    for (const char* command : {"init", "debate", "report", "resume", "review", "config", "eval", "sweep", "worker"}) {
        CHECK_THAT(r.out, Catch::Contains(std::string("\n  parley ") + command + " "));
    }
}

TEST_CASE("quiet mode (-q) leaves stdout empty in the commands that write files", "[app][quiet]") {
    TempDir dir;
    const std::string design = std::string(PARLEY_SOURCE_DIR) + "/examples/designs/kafka/sound.md";
    auto review = run_parley({"review", design, "-q", "-o", (dir.path() / "r.md").string()});
    CHECK(review.exit_code == 0);
    CHECK(review.out.empty());
    auto debate = run_parley({"debate", "-q", "-p", kProblem, "--offline", "-o", (dir.path() / "d.json").string()});
    REQUIRE(debate.exit_code == 0);
    CHECK(debate.out.empty());
    auto report =
        run_parley({"report", (dir.path() / "d.json").string(), "-q", "-o", (dir.path() / "d.html").string()});
    CHECK(report.exit_code == 0);
    CHECK(report.out.empty());
    auto check = run_parley({"config", "check", "-q", std::string(PARLEY_SOURCE_DIR) + "/configs/default.json"});
    CHECK(check.out.empty());
}
