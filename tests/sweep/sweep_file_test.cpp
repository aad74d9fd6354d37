#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "sweep/sweep_file.hpp"

using parley::ErrorKind;
using parley::sweep::load_sweep_file;
using parley::sweep::parse_sweep_file;

TEST_CASE("a sweep file's relative paths resolve against its folder", "[sweep]") {
    auto sweep = parse_sweep_file(
        R"({"problems": ["p/a.md", "/abs/b.md"], "configs": ["c.json"], "seeds": [1, 2], "eval": "e.json"})", "s.json",
        "/work/sweeps");
    REQUIRE(sweep);
    CHECK(sweep->problems == std::vector<std::string>{"/work/sweeps/p/a.md", "/abs/b.md"});
    CHECK(sweep->configs == std::vector<std::string>{"/work/sweeps/c.json"});
    CHECK(sweep->seeds == std::vector<std::uint64_t>{1, 2});
    CHECK(sweep->eval == "/work/sweeps/e.json");
}

TEST_CASE("a sweep file error names the file, line and JSON path", "[sweep]") {
    auto bad_seed =
        parse_sweep_file("{\"problems\": [\"a.md\"],\n \"configs\": [\"c.json\"],\n \"seeds\": [1, -4]}", "s.json", "");
    REQUIRE_FALSE(bad_seed);
    CHECK(bad_seed.error().kind == ErrorKind::config);
    CHECK(bad_seed.error().message.rfind("s.json:3: seeds[1]: must be a whole number", 0) == 0);

    auto missing = parse_sweep_file(R"({"problems": ["a.md"]})", "s.json", "");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("configs: is required") != std::string::npos);

    auto unknown = parse_sweep_file(R"({"problems": ["a.md"], "configs": ["c"], "seed": [1]})", "s.json", "");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message.find("seed: unknown key") != std::string::npos);

    auto not_string = parse_sweep_file(R"({"problems": ["a.md", 3], "configs": ["c"]})", "s.json", "");
    REQUIRE_FALSE(not_string);
    CHECK(not_string.error().message.find("problems[1]: must be a non-empty string, not a number") !=
          std::string::npos);
}

TEST_CASE("a sweep file refuses a repeated seed and a non-object", "[sweep]") {
    auto repeated = parse_sweep_file(R"({"problems": ["a"], "configs": ["c"], "seeds": [3, 3]})", "s.json", "");
    REQUIRE_FALSE(repeated);
    CHECK(repeated.error().message.find("repeats seed 3") != std::string::npos);
    auto array = parse_sweep_file("[]", "s.json", "");
    REQUIRE_FALSE(array);
    CHECK(array.error().message.find("a sweep file is a JSON object") != std::string::npos);
}

TEST_CASE("a missing sweep file is bad input naming it", "[sweep]") {
    parley::testing::TempDir dir;
    auto missing = load_sweep_file(dir.path() / "none.json");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == ErrorKind::invalid_input);
    CHECK(missing.error().message.find("none.json") != std::string::npos);
}

TEST_CASE("a sweep file's baseline is \"vote\" or refused with its path", "[sweep]") {
    auto file =
        parse_sweep_file(R"({"problems": ["p.md"], "configs": ["c.json"], "baseline": "vote"})", "s.json", "/w");
    REQUIRE(file);
    CHECK(file->baseline == "vote");
    CHECK(parse_sweep_file(R"({"problems": ["p.md"], "configs": ["c.json"]})", "s.json", "/w")->baseline.empty());
    const auto refused =
        parse_sweep_file(R"({"problems": ["p.md"], "configs": ["c.json"], "baseline": "yes"})", "s.json", "/w");
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("baseline") && Catch::Contains("vote"));
}
