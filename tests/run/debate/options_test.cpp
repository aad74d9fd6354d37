#include <catch2/catch.hpp>

#include "run/debate/options.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using parley::testing::TempDir;

TEST_CASE("the output flag names a file or a folder by its extension", "[run][options]") {
    run::DebateOptions o;
    SECTION("FILE.json is the debate JSON, the report beside it") {
        REQUIRE(run::set_output(o, "out/result.json"));
        CHECK(o.json_file == "out/result.json");
        CHECK(o.report_file == "out/result.md");
        CHECK(o.output_dir == "out");
    }
    SECTION("FILE.md is the report, the JSON beside it") {
        REQUIRE(run::set_output(o, "result.md"));
        CHECK(o.report_file == "result.md");
        CHECK(o.json_file == "./result.json");
        CHECK(o.output_dir == ".");
    }
    SECTION("a name without an extension, or an existing folder, is the output folder") {
        REQUIRE(run::set_output(o, "runs"));
        CHECK(o.output_dir == "runs");
        CHECK(o.json_file.empty());
        TempDir dir;
        const auto dotted = dir.path() / "v1.2";
        std::filesystem::create_directories(dotted);
        REQUIRE(run::set_output(o, dotted.string()));
        CHECK(o.output_dir == dotted.string());
    }
    SECTION("another extension is refused") {
        auto refused = run::set_output(o, "result.txt");
        REQUIRE_FALSE(refused);
        CHECK(refused.error().kind == ErrorKind::invalid_input);
        CHECK_THAT(refused.error().message, Catch::Contains("unknown extension \".txt\""));
    }
}

TEST_CASE("the agents list takes roles with spaces after the commas", "[run][options]") {
    CHECK(run::split_roles("architect, kiss ,,security") == std::vector<std::string>{"architect", "kiss", "security"});
}
