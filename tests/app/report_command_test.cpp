#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/debate_json.hpp"
#include "support/temp_dir.hpp"

using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::string kSource = PARLEY_SOURCE_DIR;
const std::string kProblem = kSource + "/examples/task-queue/problem.md";

std::filesystem::path only_file(const std::filesystem::path& dir, const std::string& ext) {
    std::filesystem::path found;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() == ext) {
            found = e.path();
        }
    }
    REQUIRE_FALSE(found.empty());
    return found;
}

} // namespace

TEST_CASE("debate --brief writes only the summary, and report --brief renders the same bytes", "[app][report]") {
    TempDir dir;
    auto r = run_parley(
        {"debate", "-q", "-p", kProblem, "--offline", "--rounds", "1", "--brief", "-o", dir.path().string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto brief = read_file(only_file(dir.path(), ".md"));
    CHECK_THAT(brief, Catch::Contains("## Summary"));
    CHECK_THAT(brief, Catch::Contains("### Requirements"));
    CHECK_THAT(brief, !Catch::Contains("## Round 1"));
    const auto again = dir.path() / "again.md";
    REQUIRE(
        run_parley({"report", only_file(dir.path(), ".json").string(), "--brief", "-o", again.string()}).exit_code ==
        0);
    CHECK(read_file(again) == brief);
}

TEST_CASE("report compares several debates as Markdown, CSV or HTML, and refuses other extensions", "[app][report]") {
    TempDir dir;
    const auto a = kSource + "/reports/task-queue.json";
    const auto b = kSource + "/reports/rate-limiter.json";
    const auto md = dir.path() / "cmp.md";
    REQUIRE(run_parley({"report", a, b, "-o", md.string()}).exit_code == 0);
    CHECK_THAT(read_file(md), Catch::StartsWith("# Comparison of 2 debates"));
    CHECK_THAT(read_file(md), Catch::Contains("| task-queue.json | "));
    const auto csv = dir.path() / "cmp.csv";
    REQUIRE(run_parley({"report", a, b, "-o", csv.string()}).exit_code == 0);
    const auto text = read_file(csv);
    CHECK(std::count(text.begin(), text.end(), '\n') == 3);
    CHECK_THAT(text, Catch::Contains("\r\nrate-limiter.json,"));
    const auto html = dir.path() / "cmp.html";
    REQUIRE(run_parley({"report", a, b, "-o", html.string()}).exit_code == 0);
    CHECK_THAT(read_file(html), Catch::StartsWith("<!DOCTYPE html>"));
    CHECK_THAT(read_file(html), Catch::Contains("<tr><td>task-queue.json</td>"));

    auto bad = run_parley({"report", a, b, "-o", (dir.path() / "cmp.txt").string()});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("name a .md, .csv or .html file"));
    CHECK_FALSE(std::filesystem::exists(dir.path() / "cmp.txt"));

    auto brief = run_parley({"report", a, b, "--brief"});
    CHECK(brief.exit_code == 2);
    CHECK_THAT(brief.err, Catch::Contains("a comparison of several takes neither"));
}

TEST_CASE("a failed run's JSON and report say why it failed", "[app][report]") {
    TempDir dir;
    // A token budget too small for the debate stops it cleanly in round 1, as any failure would.
    auto r =
        run_parley({"debate", "-q", "-p", kProblem, "--offline", "--max-tokens", "20000", "-o", dir.path().string()});
    REQUIRE(r.exit_code == 1);
    const auto state = nlohmann::json::parse(read_file(only_file(dir.path(), ".json")));
    CHECK(state["status"] == "failed");
    const auto error = state["parley"]["error"].get<std::string>();
    CHECK_THAT(error, Catch::Contains("limit of 20000 tokens"));
    const auto report = read_file(only_file(dir.path(), ".md"));
    CHECK_THAT(report, Catch::Contains("> **The run failed:** "));
    CHECK_THAT(report, Catch::Contains("limit of 20000 tokens"));
    CHECK_THAT(report, Catch::Contains("**Not given** — the debate ended (status failed) before the judge's"));
}
