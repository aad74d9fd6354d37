#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"

using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::string kDesigns = std::string(PARLEY_SOURCE_DIR) + "/examples/designs/";
const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/task-queue/problem.md";

} // namespace

TEST_CASE("parley simulate prints each scenario in seconds and writes a self-contained HTML page", "[app][sim]") {
    TempDir dir;
    const auto out = dir.path() / "sim.html";
    const auto r = run_parley(
        {"simulate", kDesigns + "sqs/sound.md", "--problem", kProblem, "--duration", "10m", "-o", out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("peak: 10 min at peak"));
    CHECK_THAT(r.out, Catch::Contains("every worker down 2.5 min to 5 min"));
    CHECK_THAT(r.out, Catch::Contains("p95 wait (enqueue to start) at peak within 500 ms"));
    CHECK_THAT(r.out, Catch::Contains("assumed"));
    const auto html = read_file(out);
    CHECK_THAT(html, Catch::Contains("<svg"));
    CHECK_THAT(html, Catch::Contains("p95 wait (enqueue to start)"));
    CHECK_THAT(html, Catch::Contains("design line 4: "));
    CHECK_THAT(html, !Catch::Contains("<script"));
}

TEST_CASE("parley simulate -o FILE.json is the same for the same seed", "[app][sim]") {
    TempDir dir;
    const auto a = dir.path() / "a.json";
    const auto b = dir.path() / "b.json";
    for (const auto& out : {a, b}) {
        const auto r = run_parley({"simulate", kDesigns + "kafka/sound.md", "--duration", "5m", "--seed", "9", "--set",
                                   "transient_failure=5%", "-o", out.string()});
        REQUIRE(r.exit_code == 0);
    }
    CHECK(read_file(a) == read_file(b));
    const auto j = nlohmann::json::parse(read_file(a));
    CHECK(j["seed"] == 9);
    CHECK(j["scenarios"].size() == 2);
    CHECK(j["scenarios"][0]["totals"]["retries"].get<int>() > 0);
}

TEST_CASE("parley simulate refuses what it cannot run with one line and exit 2", "[app][sim][hostile]") {
    TempDir dir;
    const auto empty = dir.path() / "empty.md";
    { std::ofstream(empty) << "# Design\n\nWorkers take jobs from a queue.\n"; }
    const auto none = run_parley({"simulate", empty.string()});
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.out, Catch::StartsWith("cannot simulate: no arrival rate stated\nmissing:"));
    const std::string design = kDesigns + "sqs/sound.md";
    for (const auto& bad : std::vector<std::vector<std::string>>{{"--set", "peak_rate=1e12"},
                                                                 {"--set", "job_time_mean=nan"},
                                                                 {"--set", "lease=-1"},
                                                                 {"--set", "priority_count=1000000000"},
                                                                 {"--duration", "100y"},
                                                                 {"--set", "nonsense"},
                                                                 {"-o", "sim.pdf"}}) {
        auto args = std::vector<std::string>{"simulate", design};
        args.insert(args.end(), bad.begin(), bad.end());
        const auto r = run_parley(args, dir.path());
        INFO(bad[0] << " " << bad[1] << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find('\n') == r.err.size() - 1);
    }
    const auto zero = run_parley({"simulate", design, "--set", "workers=0", "--duration", "10m"});
    CHECK(zero.exit_code == 0);
    CHECK_THAT(zero.out, Catch::Contains("grows without bound at 1,66"));
}
