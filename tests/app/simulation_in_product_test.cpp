// The simulation's brief where parley shows a design beside its findings: `parley review`, the judge's material and
// the debate JSON and report, and the offline evaluator (issue 23).

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"

using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::string kSource = PARLEY_SOURCE_DIR;
const std::string kDesigns = kSource + "/examples/designs/";
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

TEST_CASE("parley review shows the simulation's verdicts and assumptions, in Markdown and JSON", "[app][review][sim]") {
    const auto md = run_parley({"review", kDesigns + "redis-streams/sound.md", "--problem", kProblem});
    INFO(md.err);
    REQUIRE(md.exit_code == 0);
    CHECK_THAT(md.out, Catch::Contains("## Simulation\n\n- simulated 10 min at peak per scenario (seed 1; shortened"));
    CHECK_THAT(md.out, Catch::Contains("- peak: holds; utilisation"));
    CHECK_THAT(md.out, Catch::Contains("p95 wait (enqueue to start) at peak within 500 ms"));
    CHECK_THAT(md.out, Catch::Contains("- assumed (not stated): "));
    TempDir dir;
    const auto out = dir.path() / "review.json";
    const auto r =
        run_parley({"review", kDesigns + "redis-streams/sound.md", "--problem", kProblem, "-o", out.string(), "-q"});
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(read_file(out));
    const auto& s = j.at("simulation");
    CHECK(s["simulated"] == true);
    CHECK(s["seed"] == 1);
    CHECK(s["scenarios"].size() == 2);
    CHECK_FALSE(s["verdicts"].empty());
    CHECK_FALSE(s["assumed"].empty());
}

TEST_CASE("parley review of a design without numbers says it cannot simulate and what is missing",
          "[app][review][sim]") {
    TempDir dir;
    const auto design = dir.write("design.md", "# Design\n\nWorkers take jobs from a Redis list and retry them.\n");
    const auto r = run_parley({"review", design.string()});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("## Simulation\n\n- cannot simulate: no arrival rate stated\n- missing: arrival "
                                      "rate (peak_rate); job time"));
}

TEST_CASE("the judge sees each final proposal's simulation, in agent order, and the report shows them",
          "[app][debate][sim]") {
    TempDir dir;
    const auto r = run_parley({"debate", "-q", "-p", kProblem, "--offline", "--rounds", "1", "-o", dir.path().string()},
                              dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(read_file(only_file(dir.path(), ".json")));
    const auto& p = j.at("parley");
    const auto& agents = p.at("agents");
    const auto& simulations = p.at("simulations");
    REQUIRE(simulations.size() == agents.size());
    for (std::size_t i = 0; i < agents.size(); ++i) {
        CHECK(simulations[i]["agentId"] == agents[i]["id"]);
    }
    CHECK(p.contains("finalSimulation"));
    std::string synthesis;
    for (const auto& prompt : p.at("prompts")) {
        if (prompt.value("phase", "") == "synthesis") {
            synthesis = prompt.value("user", "");
        }
    }
    REQUIRE_FALSE(synthesis.empty());
    const auto section = synthesis.find("## Simulations of the final proposals");
    REQUIRE(section != std::string::npos);
    // One heading per agent, in agent order, each followed by its brief's first line.
    std::size_t at = section;
    for (const auto& a : simulations) {
        const auto heading = synthesis.find("### " + a["agentName"].get<std::string>() + "\n\n- ", at);
        REQUIRE(heading != std::string::npos);
        at = heading + 1;
    }
    const auto report = read_file(only_file(dir.path(), ".md"));
    CHECK_THAT(report, Catch::Contains("### Simulation\n\n_parley ran the queue each design describes"));
    CHECK_THAT(report, Catch::Contains("- **Final solution:** "));
}

TEST_CASE("the offline evaluator uses the simulation as performance evidence", "[app][eval][sim]") {
    TempDir dir;
    const auto out = dir.path() / "scores.json";
    const auto r = run_parley({"eval", kDesigns + "kafka/sound.md", "--problem", kProblem, "-o", out.string(),
                               "--journal", (dir.path() / "j.sqlite").string(), "-q"},
                              dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto text = read_file(out);
    CHECK_THAT(text, Catch::Contains("simulation (10 min per scenario, seed 1): peak holds, outage holds"));
}
