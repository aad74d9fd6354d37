#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"

using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::string kDesigns = std::string(PARLEY_SOURCE_DIR) + "/examples/designs/";
const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/task-queue/problem.md";

} // namespace

TEST_CASE("parley review prints the Markdown scorecard and exits 0 whatever it finds", "[app][review]") {
    const auto r = run_parley({"review", kDesigns + "redis-streams/flaw-durability.md"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.rfind("# Design review\n", 0) == 0);
    CHECK_THAT(r.out, Catch::Contains("1 contradicted"));
    CHECK_THAT(r.out, Catch::Contains("persistence is turned off"));
}

TEST_CASE("parley review -o FILE.json writes checklist, capacity and requirements", "[app][review]") {
    TempDir dir;
    const auto out = dir.path() / "review.json";
    const auto r = run_parley({"review", kDesigns + "kafka/sound.md", "--problem", kProblem, "-o", out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(read_file(out));
    CHECK(j["checklist"].size() == 18);
    CHECK(j["summary"]["covered"] == 18);
    CHECK(j["capacity"][0]["verdict"] == "ok");
    CHECK(j["requirements"].size() == 10);
    CHECK(j["summary"]["requirementsUnaddressed"] == 0);
}

TEST_CASE("parley review reads a debate JSON's final solution", "[app][review]") {
    TempDir dir;
    const auto debate = dir.write("debate.json", R"({"id": "d", "finalSolution": {"description": "Redis with )"
                                                 R"(persistence turned off.", "implementation": "Workers."}})");
    const auto r = run_parley({"review", debate.string(), "-o", (dir.path() / "r.md").string()});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(read_file(dir.path() / "r.md"), Catch::Contains("persistence turned off"));
}

TEST_CASE("parley review refuses bad input with exit 2 and one line", "[app][review]") {
    TempDir dir;
    const auto missing = run_parley({"review", (dir.path() / "nope.md").string()});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("nope.md"));
    const auto binary = dir.write("bin.md", "caf\xe9\n");
    const auto not_utf8 = run_parley({"review", binary.string()});
    CHECK(not_utf8.exit_code == 2);
    CHECK_THAT(not_utf8.err, Catch::Contains("not UTF-8"));
    const auto big = dir.write("big.md", std::string(1024 * 1024 + 1, 'a'));
    CHECK(run_parley({"review", big.string()}).exit_code == 2);
    const auto ext = run_parley({"review", kDesigns + "sqs/sound.md", "-o", (dir.path() / "r.txt").string()});
    CHECK(ext.exit_code == 2);
    CHECK(ext.err == "parley: -o " + (dir.path() / "r.txt").string() + ": unknown extension (use .json or .md)\n");
}
