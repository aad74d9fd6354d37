#include <catch2/catch.hpp>

#include <filesystem>

#include "support/debate_json.hpp"
#include "support/temp_dir.hpp"

using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/rate-limiter/problem.md";

bool is_html(const std::string& text) {
    return text.rfind("<!DOCTYPE html>", 0) == 0;
}

} // namespace

TEST_CASE("debate --html writes ID.html beside ID.md and says where", "[app][e2e][html]") {
    TempDir dir;
    auto r = run_parley({"debate", "-p", kProblem, "--offline", "--rounds", "1", "--html", "-o", dir.path().string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::filesystem::path json;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
        if (e.path().extension() == ".json") {
            json = e.path();
        }
    }
    REQUIRE_FALSE(json.empty());
    const auto html = std::filesystem::path(json).replace_extension(".html");
    REQUIRE(std::filesystem::exists(std::filesystem::path(json).replace_extension(".md")));
    REQUIRE(std::filesystem::exists(html));
    CHECK(is_html(read_file(html)));
    CHECK_THAT(r.out, Catch::Contains("html: " + html.string()));

    SECTION("report -o FILE.html renders the saved JSON to the same HTML") {
        const auto again = dir.path() / "again.html";
        auto rr = run_parley({"report", json.string(), "-o", again.string()});
        REQUIRE(rr.exit_code == 0);
        CHECK(read_file(again) == read_file(html));
    }
    SECTION("report -o FILE.md still writes Markdown") {
        const auto md = dir.path() / "again.md";
        REQUIRE(run_parley({"report", json.string(), "-o", md.string()}).exit_code == 0);
        CHECK_FALSE(is_html(read_file(md)));
    }
}

TEST_CASE("debate without --html writes no HTML report", "[app][e2e][html]") {
    TempDir dir;
    REQUIRE(run_parley({"debate", "-q", "-p", kProblem, "--offline", "--rounds", "1", "-o", dir.path().string()})
                .exit_code == 0);
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
        CHECK(e.path().extension() != ".html");
    }
}
