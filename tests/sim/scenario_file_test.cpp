#include <catch2/catch.hpp>

#include "sim/scenario_file.hpp"

using namespace parley::sim;

TEST_CASE("a scenario file names runs, disturbances and parameters", "[sim][scenario]") {
    const auto file = parse_scenario_file(R"({"duration": "1h", "set": {"workers": "50", "lease": 30},
        "scenarios": [{"name": "peak"},
                      {"name": "outage", "outage": {"from": "10m", "until": "20m", "workers": 5}},
                      {"name": "slow", "slowdown": {"from": 600, "until": 900, "factor": 3}, "duration": "2h"},
                      {"name": "storm", "retry_storm": [{"from": "5m", "until": "6m", "failure_rate": 0.5}]},
                      {"name": "day", "load": "shape"}]})",
                                          "s.json", 7200);
    REQUIRE(file);
    REQUIRE(file->scenarios.size() == 5);
    CHECK(file->scenarios[0].duration == 3600);
    CHECK(file->scenarios[1].disturbances[0].workers_down == 5);
    CHECK(file->scenarios[1].disturbances[0].from == 600);
    CHECK(file->scenarios[2].duration == 7200);
    CHECK(file->scenarios[2].disturbances[0].factor == 3);
    CHECK(file->scenarios[3].disturbances[0].kind == Disturbance::Kind::retry_storm);
    CHECK_FALSE(file->scenarios[4].at_peak);
    REQUIRE(file->sets.size() == 2);
    CHECK(file->sets[0] == std::pair<std::string, std::string>{"lease", "30"});
}

TEST_CASE("a bad scenario file names the field that is wrong", "[sim][scenario]") {
    auto error = [](const std::string& text) {
        const auto file = parse_scenario_file(text, "s.json", 7200);
        REQUIRE_FALSE(file);
        return file.error().message;
    };
    CHECK(error("[") == "s.json: not a JSON object (see parley simulate --help)");
    CHECK(error(R"({"scenarios": []})") == "s.json: scenarios: not a list of 1 to 32 scenarios");
    CHECK(error(R"({"scenarios": [{"outage": {"from": "x", "until": "1h"}}]})") ==
          "s.json: scenarios[0].outage.from: not a duration (\"30m\", \"90s\", or seconds)");
    CHECK(error(R"({"scenarios": [{"outage": {"from": "2h", "until": "1h"}}]})") ==
          "s.json: scenarios[0].outage.until: not a duration at or after from");
    CHECK(error(R"({"scenarios": [{"retry_storm": {"from": 1, "until": 2, "failure_rate": 2}}]})") ==
          "s.json: scenarios[0].retry_storm.failure_rate: not a failure probability between 0 and 1");
    CHECK(error(R"({"scenarios": [{"duration": -1}]})") == "s.json: scenarios[0].duration: not a positive duration");
}
