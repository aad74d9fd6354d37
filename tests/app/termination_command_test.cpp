// terminationCondition end to end: dialectic's convergence example config runs offline as documented, its interim
// judge is planned by the dry run, and the report says how the debate stopped and that it is offline.

#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"

using nlohmann::json;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kExample = std::string(PARLEY_SOURCE_DIR) + "/examples/task-queue/";

json run_convergence(const TempDir& dir, const std::string& name) {
    const auto out = dir.path() / name / "debate.json";
    const auto r = run_parley({"debate", "-p", kExample + "problem.md", "-c", kExample + "config-convergence.json",
                               "--seed", "3", "-q", "-o", out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(read_file(out));
}

} // namespace

TEST_CASE("the convergence example runs offline with a labelled interim judge, the same every time",
          "[app][termination][e2e]") {
    TempDir dir;
    const auto first = run_convergence(dir, "one");
    const auto& t = first["parley"]["termination"];
    CHECK(t["type"] == "convergence");
    CHECK(t["threshold"] == 80);
    CHECK(t["maxRounds"] == 4);
    const int stopped = t["stoppedAfterRound"];
    CHECK(first["rounds"].size() == static_cast<std::size_t>(stopped));
    REQUIRE_FALSE(t["interim"].empty());
    for (const auto& i : t["interim"]) {
        CHECK_THAT(i["note"].get<std::string>(), Catch::StartsWith("offline, from the rule review"));
        CHECK(i["confidence"].get<double>() <= 90);
    }
    CHECK_FALSE(first["parley"]["positions"].empty());
    const auto second = run_convergence(dir, "two");
    for (const char* key : {"positions", "movement", "minority", "termination"}) {
        INFO(key);
        CHECK(first["parley"][key] == second["parley"][key]);
    }
    const auto report = read_file(dir.path() / "one" / "debate.md");
    CHECK_THAT(report, Catch::Contains("Offline run."));
    CHECK_THAT(report, Catch::Contains("**Termination:** convergence"));
    CHECK_THAT(report, Catch::Contains("## Positions per round"));
    CHECK_THAT(report, Catch::Contains("| After round | Interim confidence |"));
}

TEST_CASE("a dry run of a convergence debate plans its interim judge calls", "[app][termination]") {
    const auto r =
        run_parley({"debate", "-p", kExample + "problem.md", "-c", kExample + "config-convergence.json", "--dry-run"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("round 3 interim judge"));
    CHECK(r.out.find("round 4 interim judge") == std::string::npos);
}
