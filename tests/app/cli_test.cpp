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
    CHECK_THAT(ok.out, Catch::Contains(": ok ("));
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
