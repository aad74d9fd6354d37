#include <catch2/catch.hpp>

#include <filesystem>

#include "run/problems.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using parley::testing::TempDir;

TEST_CASE("problems with the same file name are told apart by folder, then by title", "[run][problems]") {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "billing");
    std::filesystem::create_directories(dir.path() / "search");
    const auto a = dir.write("billing/problem.md", "# Billing queue\nJobs.").string();
    const auto b = dir.write("search/problem.md", "# Search indexer\nJobs.").string();
    const auto c = dir.write("other.md", "Other").string();
    auto problems = run::load_problems(std::nullopt, {a, b, c});
    REQUIRE(problems);
    REQUIRE(problems->size() == 3);
    CHECK((*problems)[0].label == "billing/problem.md");
    CHECK((*problems)[1].label == "search/problem.md");
    CHECK((*problems)[2].label == "other.md");

    SECTION("the same folder and name twice adds the title line") {
        auto twice = run::load_problems(std::nullopt, {a, a});
        REQUIRE(twice);
        CHECK((*twice)[0].label == "billing/problem.md (Billing queue)");
    }
}
