#include <catch2/catch.hpp>

#include <string>

#include "support/temp_dir.hpp"
#include "util/path_clash.hpp"

using namespace parley;
using parley::testing::TempDir;

TEST_CASE("an output naming an input, by any spelling or link, is refused naming both", "[util][path_clash]") {
    TempDir dir;
    const auto problem = dir.write("p.md", "# problem\n");
    std::filesystem::create_directory(dir.path() / "sub");
    const auto link = dir.path() / "link.md";
    std::filesystem::create_symlink(problem, link);
    const auto hard = dir.path() / "hard.md";
    std::filesystem::create_hard_link(problem, hard);
    std::filesystem::create_directory_symlink(dir.path(), dir.path() / "again");
    for (const auto& output :
         {problem, dir.path() / "sub" / ".." / "p.md", link, hard, dir.path() / "again" / "p.md"}) {
        INFO(output);
        auto clash = util::check_no_clash({{{"-p", problem}}, {{"--report", output}}});
        REQUIRE_FALSE(clash);
        CHECK(clash.error().kind == ErrorKind::invalid_input);
        CHECK(clash.error().message == "--report " + output.string() + " is the same file as the input -p " +
                                           problem.string() + "; writing it would destroy the input");
    }
}

TEST_CASE("two outputs naming one file are refused, even before the file exists", "[util][path_clash]") {
    TempDir dir;
    const auto json = dir.path() / "out" / "r.json";
    auto clash = util::check_no_clash({{}, {{"-o", json}, {"--report", dir.path() / "out" / "." / "r.json"}}});
    REQUIRE_FALSE(clash);
    CHECK_THAT(clash.error().message, Catch::Contains("is the same file as -o " + json.string()));
}

TEST_CASE("distinct files and empty paths pass", "[util][path_clash]") {
    TempDir dir;
    const auto problem = dir.write("p.md", "x");
    CHECK(util::check_no_clash({{{"-p", problem}, {"-c", ""}}, {{"-o", dir.path() / "p.json"}, {"--log-file", ""}}}));
    CHECK(util::same_file(problem, dir.path() / "." / "p.md"));
    CHECK_FALSE(util::same_file(problem, dir.path() / "q.md"));
}
