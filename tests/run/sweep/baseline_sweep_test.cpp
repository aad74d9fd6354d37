#include <catch2/catch.hpp>

#include "run/sweep/setup.hpp"
#include "support/temp_dir.hpp"

TEST_CASE("a sweep refuses a baseline with a design review before any call, and names both", "[sweep]") {
    parley::testing::TempDir dir;
    parley::run::SweepOptions options;
    options.problems = {dir.write("problem.md", "Design a task queue.").string()};
    options.configs = {"configs/default.json"};
    options.design = dir.write("design.md", "One Redis list.").string();
    options.baseline = "vote";
    const auto sweep = parley::run::load_sweep(options);
    REQUIRE_FALSE(sweep);
    CHECK(sweep.error().kind == parley::ErrorKind::invalid_input);
    CHECK_THAT(sweep.error().message, Catch::Contains("baseline") && Catch::Contains("design"));
}
