#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/sweep_rows.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::string kSource = PARLEY_SOURCE_DIR;
const std::string kDebate = kSource + "/reports/task-queue.json";

json sample() {
    return json::parse(read_file(kDebate));
}

/// The sample debate with R8 listed as unfulfilled (met -> not met) and its Functional Completeness score 2 points
/// lower.
json regressed() {
    auto d = sample();
    d["finalSolution"]["unfulfilledMajorRequirements"].push_back(
        "R8: Keep cost and operational complexity reasonable for a team of five engineers");
    auto& completeness = d["parley"]["evaluation"]["parley"]["categories"]["functional_completeness"]["mean"];
    completeness = completeness.get<double>() - 2;
    return d;
}

/// A sweep folder of three seeds of `debate`, and one more seed only it has when `extra`.
std::filesystem::path sweep_folder(const TempDir& dir, const std::string& name, const json& debate, bool extra) {
    json jobs = json::array();
    for (std::uint64_t seed = 1; seed <= (extra ? 4u : 3u); ++seed) {
        const auto file = "deb-" + std::to_string(seed) + ".json";
        dir.write(name + "/" + file, debate.dump());
        jobs.push_back(parley::testing::sweep_index_row("problem.md", "default.json", seed, "done", file));
    }
    dir.write(name + "/sweep.json", json{{"sweepId", "sw-" + name}, {"jobs", jobs}}.dump());
    return dir.path() / name;
}

} // namespace

TEST_CASE("report --baseline of a debate against itself finds no regression and exits 0", "[app][diff]") {
    TempDir dir;
    const auto old_file = dir.write("old.json", sample().dump());
    auto r = run_parley({"report", "--baseline", old_file.string(), kDebate, "--fail-on-regression"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("# Diff of two runs\n\n**No regression in 1 pair.**"));
    CHECK_THAT(r.out, Catch::Contains("## Requirements met"));
}

TEST_CASE("report --baseline finds a planted requirement regression and exits 4 with --fail-on-regression",
          "[app][diff]") {
    TempDir dir;
    const auto new_file = dir.write("new.json", regressed().dump());
    auto plain = run_parley({"report", "--baseline", kDebate, new_file.string()});
    CHECK(plain.exit_code == 0);
    CHECK_THAT(plain.out, Catch::Contains("new.json: R8 went from met to not met"));
    const auto out = dir.path() / "diff.html";
    auto gated =
        run_parley({"report", "--baseline", kDebate, new_file.string(), "--fail-on-regression", "-o", out.string()});
    CHECK(gated.exit_code == 4);
    CHECK_THAT(gated.err, Catch::Contains("R8 went from met to not met"));
    CHECK_THAT(gated.out, Catch::Contains("report: 1 regression in 1 pair."));
    const auto html = read_file(out);
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>"));
    CHECK(html.find("1 regression in 1 pair.") < html.find("<table>"));
}

TEST_CASE("report --baseline refuses non-debate JSON, other problems and a bad -o with exit 2", "[app][diff]") {
    TempDir dir;
    const auto not_debate = dir.write("eval.json", R"({"scores": [1, 2]})");
    auto r1 = run_parley({"report", "--baseline", not_debate.string(), kDebate});
    CHECK(r1.exit_code == 2);
    CHECK_THAT(r1.err, Catch::Contains("eval.json"));
    auto r2 = run_parley({"report", "--baseline", kDebate, kSource + "/reports/rate-limiter.json"});
    CHECK(r2.exit_code == 2);
    CHECK_THAT(r2.err, Catch::Contains("a diff pairs two runs of one problem"));
    auto r3 = run_parley({"report", "--baseline", kDebate, kDebate, "-o", (dir.path() / "d.txt").string()});
    CHECK(r3.exit_code == 2);
    auto r4 = run_parley({"report", kDebate, "--fail-on-regression"});
    CHECK(r4.exit_code == 2);
}

TEST_CASE("sweep diff of identical folders finds no regression; a planted one exits 4", "[app][diff]") {
    TempDir dir;
    const auto before = sweep_folder(dir, "before", sample(), true);
    const auto same = sweep_folder(dir, "same", sample(), false);
    auto r = run_parley({"sweep", "diff", before.string(), same.string(), "--fail-on-regression"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("**No regression in 3 pairs.**"));
    // The fourth seed is listed, not dropped.
    CHECK_THAT(r.out, Catch::Contains("| problem.md · default.json · seed 4 | only in OLD |"));

    const auto after = sweep_folder(dir, "after", regressed(), false);
    const auto csv = dir.path() / "diff.csv";
    auto g = run_parley({"sweep", "diff", before.string(), after.string(), "--fail-on-regression", "-o", csv.string()});
    CHECK(g.exit_code == 4);
    const auto text = read_file(csv);
    CHECK_THAT(text, Catch::Contains("requirements_met,problem.md,met,"));
    CHECK_THAT(text, Catch::Contains("score,problem.md,Functional Completeness,3,7,5,-2,-2,-2,,true\r\n"));
    CHECK_THAT(text, Catch::Contains("unpaired,problem.md · default.json · seed 4,only in OLD,"));
    auto md = run_parley({"sweep", "diff", before.string(), after.string()});
    CHECK(md.exit_code == 0);
    CHECK_THAT(md.out, Catch::Contains("Functional Completeness dropped by 2 (95% interval -2 to -2, 3 pairs)"));
    CHECK_THAT(md.out, Catch::Contains("| problem.md | 3 | 12 | 3 | 0 | 15 | 0 | 0.25 |"));
}

TEST_CASE("sweep diff refuses a missing folder with one line and exit 2", "[app][diff]") {
    TempDir dir;
    const auto before = sweep_folder(dir, "before", sample(), false);
    auto r = run_parley({"sweep", "diff", before.string(), (dir.path() / "missing").string()});
    CHECK(r.exit_code == 2);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_THAT(r.err, Catch::Contains("missing: no such folder"));
}
