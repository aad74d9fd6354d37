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

const std::string kSource = PARLEY_SOURCE_DIR;

// Two problems x one config x two seeds, every agent offline.
std::filesystem::path write_sweep(const TempDir& dir) {
    return dir.write("sweep.json", R"({"problems": [")" + kSource + R"(/examples/rate-limiter/problem.md", ")" +
                                       kSource + R"(/examples/task-queue/problem.md"], "configs": [")" + kSource +
                                       R"(/configs/default.json"], "seeds": [1, 2]})");
}

} // namespace

TEST_CASE("a sweep runs every debate in job order and writes the index", "[app][sweep][slow]") {
    TempDir dir;
    const auto sweep = write_sweep(dir);
    const auto out = dir.path() / "out";
    auto run = run_parley({"sweep", sweep.string(), "-q", "-o", out.string()});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto index = nlohmann::json::parse(read_file(out / "sweep.json"));
    REQUIRE(index["jobs"].size() == 4);
    CHECK(index["sweepId"].get<std::string>().rfind("sw-", 0) == 0);
    for (std::size_t i = 0; i < 4; ++i) {
        const auto& row = index["jobs"][i];
        CHECK(row["index"] == i);
        CHECK(row["status"] == "done");
        CHECK(row["seed"] == (i % 2 == 0 ? 1 : 2));
        CHECK(row["confidence"].is_number());
        const auto debate = nlohmann::json::parse(read_file(out / row["json"].get<std::string>()));
        CHECK(debate["id"] == row["debateId"]);
        CHECK(std::filesystem::exists(out / row["report"].get<std::string>()));
    }
    CHECK(index["jobs"][0]["problem"].get<std::string>().find("rate-limiter") != std::string::npos);
    CHECK(index["jobs"][2]["problem"].get<std::string>().find("task-queue") != std::string::npos);
    CHECK(read_file(out / "sweep.md").find("4 of 4 debates done") != std::string::npos);
    CHECK(read_file(out / "sweep.csv").find("\n4,") != std::string::npos);
}

TEST_CASE("a sweep run again into its folder gives the same debates from the journal", "[app][sweep][slow]") {
    TempDir dir;
    const auto sweep = write_sweep(dir);
    const auto out = dir.path() / "out";
    REQUIRE(run_parley({"sweep", sweep.string(), "-q", "-o", out.string()}).exit_code == 0);
    const auto index = nlohmann::json::parse(read_file(out / "sweep.json"));
    const auto first_json = out / index["jobs"][3]["json"].get<std::string>();
    const auto before = without_clock(nlohmann::json::parse(read_file(first_json)));
    auto again = run_parley({"sweep", sweep.string(), "-v", "-o", out.string()});
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(nlohmann::json::parse(read_file(out / "sweep.json"))["sweepId"] == index["sweepId"]);
    CHECK(without_clock(nlohmann::json::parse(read_file(first_json))) == before);
    CHECK(again.err.find("from the journal") != std::string::npos);
}

TEST_CASE("a sweep's dry run prints the matrix, the calls and the cost range", "[app][sweep]") {
    TempDir dir;
    auto dry = run_parley({"sweep", write_sweep(dir).string(), "--dry-run"});
    INFO(dry.err);
    REQUIRE(dry.exit_code == 0);
    CHECK(dry.out.find(": 4 debates") != std::string::npos);
    CHECK(dry.out.find("   4  ") != std::string::npos);
    CHECK(dry.out.find("total: ") != std::string::npos);
    CHECK(dry.out.find("cost ~$0.00") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "sweeps"));
}

TEST_CASE("sweep flags replace the sweep file's lists", "[app][sweep]") {
    TempDir dir;
    auto dry = run_parley({"sweep", write_sweep(dir).string(), "--dry-run", "--seed", "5", "-p",
                           kSource + "/examples/rate-limiter/problem.md"});
    REQUIRE(dry.exit_code == 0);
    CHECK(dry.out.find(": 1 debates") != std::string::npos);
    CHECK(dry.out.find("seed 5") != std::string::npos);
}

TEST_CASE("a bad sweep file or config is exit 2 with one line naming where", "[app][sweep]") {
    TempDir dir;
    const auto bad = dir.write("bad.json", "{\"problems\": [\"a.md\"],\n \"configs\": 3}");
    auto run = run_parley({"sweep", bad.string()});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("bad.json:2: configs: must be a non-empty array") != std::string::npos);

    const auto bad_config = dir.write("c.json", "{\"agents\": 5}");
    auto config_run = run_parley({"sweep", "-p", kSource + "/examples/rate-limiter/problem.md", "-c",
                                  bad_config.string(), "-o", (dir.path() / "out").string()});
    CHECK(config_run.exit_code == 2);
    CHECK(config_run.err.find("c.json") != std::string::npos);

    auto nothing = run_parley({"sweep", "--dry-run"});
    CHECK(nothing.exit_code == 2);
    CHECK(nothing.err.find("a sweep needs problems and configs") != std::string::npos);
}

TEST_CASE("a sweep's eval scores every debate; the index shows the score and the folder holds the comparison",
          "[app][sweep][eval][slow]") {
    TempDir dir;
    const auto panel = dir.write(
        "panel.json", R"({"agents": [{"id": "review", "model": "parley-offline-1", "provider": "offline"}]})");
    const auto out = dir.path() / "out";
    auto run =
        run_parley({"sweep", write_sweep(dir).string(), "--eval", panel.string(), "--seed", "1", "-o", out.string()});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.err.find("does not evaluate") == std::string::npos);
    const auto index = nlohmann::json::parse(read_file(out / "sweep.json"));
    REQUIRE(index["jobs"].size() == 2);
    for (const auto& row : index["jobs"]) {
        CHECK(row["score"].is_number());
        CHECK_FALSE(row["agreement"].get<std::string>().empty());
        const auto debate = nlohmann::json::parse(read_file(out / row["json"].get<std::string>()));
        REQUIRE(debate.contains("parley"));
        CHECK(debate["parley"]["evaluation"]["overall_score"] == row["score"]);
    }
    CHECK(read_file(out / "sweep.md").find("| score | agreement |") != std::string::npos);
    const auto csv = read_file(out / "comparison.csv");
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 3); // a header and one line per debate
    CHECK(read_file(out / "comparison.md").find(index["jobs"][1]["debateId"].get<std::string>()) != std::string::npos);
    CHECK(read_file(out / "comparison.html").rfind("<!DOCTYPE html>", 0) == 0);
}

TEST_CASE("a sweep whose configs disagree on queue limits says whose limits it runs on", "[app][sweep]") {
    TempDir dir;
    const auto base = nlohmann::json::parse(read_file(kSource + "/configs/default.json"));
    auto other = base;
    other["queue"] = {{"workers", 2}};
    const auto a = dir.write("a.json", base.dump());
    const auto b = dir.write("b.json", other.dump());
    const auto problem = kSource + "/examples/rate-limiter/problem.md";
    auto dry = run_parley({"sweep", "-p", problem, "-c", a.string(), "-c", b.string(), "--dry-run"});
    INFO(dry.err);
    REQUIRE(dry.exit_code == 0);
    CHECK(dry.err.find("b.json: its queue limits or pricing differ from") != std::string::npos);
    CHECK(dry.err.find("the first config's in process") != std::string::npos);
    auto same = run_parley({"sweep", "-p", problem, "-c", a.string(), "--dry-run"});
    CHECK(same.err.find("differ from") == std::string::npos);
}

TEST_CASE("a sweep's dry run with an eval says how many evaluator calls each debate adds", "[app][sweep][eval]") {
    TempDir dir;
    const auto panel = dir.write("panel.json", R"({"agents": [{"id": "r1", "model": "m", "provider": "offline"},
        {"id": "r2", "model": "m", "provider": "offline"}]})");
    auto dry = run_parley({"sweep", write_sweep(dir).string(), "--eval", panel.string(), "--dry-run"});
    INFO(dry.err);
    REQUIRE(dry.exit_code == 0);
    CHECK(dry.out.find("panel.json scores each debate: 2 more calls per debate") != std::string::npos);

    const auto bad = dir.write("bad-panel.json", R"({"agents": 3})");
    auto refused = run_parley({"sweep", write_sweep(dir).string(), "--eval", bad.string(), "--dry-run"});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("bad-panel.json") != std::string::npos);
}
