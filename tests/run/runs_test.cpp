#include <catch2/catch.hpp>

#include <filesystem>

#include "run/runs/runs.hpp"
#include "run/runs/scan.hpp"
#include "support/temp_dir.hpp"

using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::string kSample = std::string(PARLEY_SOURCE_DIR) + "/reports/task-queue.json";

} // namespace

TEST_CASE("a scan finds runs with their reports, lists damaged files and skips what is not parley's", "[run][runs]") {
    TempDir dir;
    const auto sample = read_file(kSample);
    dir.write("week/a/d-1.json", sample);
    dir.write("week/a/d-1.html", "<html></html>");
    dir.write("week/b/d-2.json", sample.substr(0, sample.size() / 3));
    dir.write("week/package.json", R"({"name": "x"})");
    dir.write("week/notes.md", "# notes");
    dir.write("week/.git/d-3.json", sample);
    dir.write("week/1/2/3/4/deep.json", sample);
    dir.write("week/s/sweep.json", R"({"sweepId": "s-1", "jobs": [{"problem": "p.md", "config": "pair.json",
        "status": "done", "costUsd": 0.1, "json": "d-9.json"}]})");
    dir.write("week/s/sweep.md", "# sweep");
    dir.write("week/s/comparison.html", "<html></html>");
    dir.write("week/s/d-9.json", sample);

    parley::run::ScanLimits limits;
    limits.max_depth = 3;
    const auto index = parley::run::scan_runs(dir.path() / "week", limits);
    std::vector<std::string> paths;
    for (const auto& r : index.runs) {
        paths.push_back(r.path);
    }
    std::sort(paths.begin(), paths.end());
    CHECK(paths == std::vector<std::string>{"a/d-1.json", "s/d-9.json", "s/sweep.json"});
    for (const auto& r : index.runs) {
        if (r.path == "a/d-1.json") {
            CHECK(r.report == "a/d-1.html");
        } else if (r.path == "s/sweep.json") {
            CHECK(r.report == "s/sweep.md");
            CHECK(r.comparison == "s/comparison.html");
            CHECK_FALSE(r.time.empty());
        } else {
            CHECK(r.config == "pair.json");
            CHECK(r.report.empty());
        }
    }
    REQUIRE(index.damaged.size() == 1);
    CHECK(index.damaged[0].path == "b/d-2.json");
    CHECK(index.limits_hit.empty());

    limits.max_files = 3;
    CHECK_FALSE(parley::run::scan_runs(dir.path() / "week", limits).limits_hit.empty());
    limits = {};
    limits.max_file_bytes = 100;
    const auto small = parley::run::scan_runs(dir.path() / "week", limits);
    CHECK(small.runs.empty());
    CHECK(small.damaged.size() >= 3);
}

TEST_CASE("the since filter takes a date, a time or an age, and nothing else", "[run][runs]") {
    CHECK(parley::run::since_threshold("2026-12-01") == "2026-12-01");
    CHECK(parley::run::since_threshold("2026-12-01 09:30") == "2026-12-01T09:30");
    CHECK(parley::run::since_threshold("7d").size() == 24);
    CHECK(parley::run::since_threshold("7d") < parley::run::since_threshold("1h"));
    CHECK(parley::run::since_threshold("yesterday").empty());
    CHECK(parley::run::since_threshold("7 days").empty());
    CHECK(parley::run::since_threshold("99999999d").empty());
}

TEST_CASE("parley runs lists offline debates newest first, filters them, and writes CSV, JSON and the page",
          "[run][runs][e2e]") {
    TempDir dir;
    const std::string problem = std::string(PARLEY_SOURCE_DIR) + "/examples/task-queue/problem.md";
    REQUIRE(run_parley({"debate", "-q", "-p", problem, "--offline", "--html", "-o", (dir.path() / "one").string()})
                .exit_code == 0);
    const auto listed = run_parley({"runs", dir.path().string()});
    REQUIRE(listed.exit_code == 0);
    CHECK(listed.out.find("WHEN") == 0);
    CHECK(listed.out.find("debate") != std::string::npos);
    CHECK(listed.out.find("one/") != std::string::npos);

    const auto none = run_parley({"runs", dir.path().string(), "--kind", "sweep"});
    CHECK(none.exit_code == 0);
    CHECK(none.out.find("no debate, eval or sweep found") == 0);

    REQUIRE(run_parley({"runs", dir.path().string(), "-q", "-o", (dir.path() / "runs.csv").string()}).exit_code == 0);
    const auto csv = read_file(dir.path() / "runs.csv");
    CHECK(csv.find("time,kind,problem") == 0);
    CHECK(csv.find("\r\n") != std::string::npos);

    const auto json = run_parley({"runs", dir.path().string(), "--json"});
    CHECK(json.out.find("\"kind\": \"debate\"") != std::string::npos);

    REQUIRE(run_parley({"runs", dir.path().string(), "--html", (dir.path() / "index.html").string()}).exit_code == 0);
    const auto page = read_file(dir.path() / "index.html");
    CHECK(page.find("<a href=\"one/") != std::string::npos);
    CHECK(page.find(".html\">report</a>") != std::string::npos);

    const auto bad = run_parley({"runs", dir.path().string(), "--since", "last week"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--since last week: expected") != std::string::npos);
    CHECK(run_parley({"runs", (dir.path() / "missing").string()}).exit_code == 2);
}
