#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "sim/brief.hpp"
#include "sim/design_statements.hpp"

using namespace parley::sim;

namespace {

std::string example(const std::string& path) {
    std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/examples/" + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        out += line + "\n";
    }
    return out;
}

const Statement* statement(const std::vector<Statement>& all, const std::string& name) {
    for (const auto& s : all) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("a brief simulates a design that states its numbers, shortened, with its verdicts and assumptions",
          "[sim][brief]") {
    const auto brief = brief_simulation(example("designs/redis-streams/sound.md"), example("task-queue/problem.md"));
    REQUIRE(brief.simulated);
    // 1,667 jobs/s: a million jobs a scenario is 10 minutes, under the 30-minute ceiling.
    CHECK(brief.duration == Approx(kBriefJobs / 1666.67).epsilon(0.001));
    REQUIRE(brief.scenarios.size() == 2);
    CHECK(brief.scenarios[0].name == "peak");
    CHECK(brief.scenarios[0].holds);
    CHECK_FALSE(brief.verdicts.empty());
    CHECK_FALSE(brief.assumed.empty());
    const auto text = joined(brief_lines(brief));
    CHECK_THAT(text, Catch::StartsWith("simulated 10 min at peak per scenario (seed 1; shortened to stay fast"));
    CHECK_THAT(text, Catch::Contains("sustain 1,667 jobs/s at peak"));
    CHECK_THAT(text, Catch::Contains("assumed (not stated): "));
    CHECK_THAT(brief_headline(brief), Catch::StartsWith("holds its load in every scenario; "));
    // Deterministic: the same design gives the same brief, byte for byte.
    const auto again = brief_simulation(example("designs/redis-streams/sound.md"), example("task-queue/problem.md"));
    CHECK(to_json(again).dump() == to_json(brief).dump());
}

TEST_CASE("a brief of a design without numbers says it cannot simulate and lists what is missing", "[sim][brief]") {
    const auto brief = brief_simulation("# Design\n\nWorkers take jobs from a Redis list.\n", std::nullopt);
    CHECK_FALSE(brief.simulated);
    CHECK(brief.cannot == "cannot simulate: no arrival rate stated");
    REQUIRE(brief.missing.size() == 3);
    const auto lines = brief_lines(brief);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "cannot simulate: no arrival rate stated");
    CHECK_THAT(lines[1], Catch::StartsWith("missing: arrival rate (peak_rate); job time"));
    CHECK_THAT(brief_markdown(brief, 2), Catch::StartsWith("## Simulation\n\n- cannot simulate: no arrival rate"));
}

TEST_CASE("a brief reads back from its JSON, and a malformed one reads as not simulated", "[sim][brief]") {
    const auto brief = brief_simulation(example("designs/sqs/sound.md"), example("task-queue/problem.md"));
    REQUIRE(brief.simulated);
    const auto back = brief_from_json(to_json(brief));
    CHECK(to_json(back) == to_json(brief));
    const auto bad = brief_from_json(nlohmann::json::parse(R"({"simulated": "yes", "verdicts": [1, {"met": 3}]})"));
    CHECK_FALSE(bad.simulated);
    REQUIRE(bad.verdicts.size() == 1);
    CHECK_FALSE(bad.verdicts[0].met);
}

TEST_CASE("a brief of a design at a hostile rate is a bounded run", "[sim][brief][hostile]") {
    const auto brief = brief_simulation(
        "# Design\n\nPeak load is 1e12 jobs per second. 10 workers with 8 concurrent handlers each. Jobs take 2 s on "
        "average.\n",
        std::nullopt);
    // A million jobs a scenario at most: the run is a microsecond of virtual time, and says the queue cannot hold it.
    CHECK(brief.duration <= kBriefJobs / 1e12 * 1.0001);
    REQUIRE(brief.simulated);
    CHECK_FALSE(brief.scenarios.front().holds);
    CHECK_THAT(brief.scenarios.front().outcome, Catch::Contains("grows without bound"));
}

TEST_CASE("a job time's statistic is the one the review's extraction reads: a p99 is a p99, not a mean",
          "[sim][parameters]") {
    // The statistic is written after the figure: a reader of the words before each figure alone took 30 s for the
    // job time and the "p99" before 2 s for its p99.
    const auto statements = read_statements("Handlers run 30 s at the p99; the mean job time is 2 s.\n"
                                            "Each job takes 400 ms to 3 s.\n",
                                            false);
    const auto* p99 = statement(statements, "job_time_p99");
    REQUIRE(p99 != nullptr);
    CHECK(p99->value == "30");
    const auto* mean = statement(statements, "job_time_mean");
    REQUIRE(mean != nullptr);
    CHECK(mean->value == "2");
    CHECK(statement(statements, "job_time_typical") == nullptr);
    // A range: its ends are the shortest and the longest job.
    const auto* low = statement(statements, "job_time_min");
    const auto* high = statement(statements, "job_time_max");
    REQUIRE(low != nullptr);
    REQUIRE(high != nullptr);
    CHECK(low->value == "0.4");
    CHECK(high->value == "3");
}
