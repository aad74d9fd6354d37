#include <catch2/catch.hpp>

#include "debate/problem.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using parley::testing::TempDir;

TEST_CASE("a problem must come from exactly one place", "[debate][problem]") {
    auto both = debate::load_problem(std::string("x"), std::string("f.md"));
    REQUIRE_FALSE(both);
    CHECK(both.error().kind == ErrorKind::invalid_input);
    auto neither = debate::load_problem(std::nullopt, std::nullopt);
    REQUIRE_FALSE(neither);
    CHECK(neither.error().kind == ErrorKind::invalid_input);
}

TEST_CASE("bad problem files give a clear error", "[debate][problem]") {
    TempDir dir;
    SECTION("missing") {
        auto r = debate::load_problem(std::nullopt, (dir.path() / "none.md").string());
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message, Catch::Contains("none.md"));
    }
    SECTION("empty") {
        auto r = debate::load_problem(std::nullopt, dir.write("empty.md", "  \n\t\n").string());
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message, Catch::EndsWith("the problem is empty"));
    }
    SECTION("5 MB") {
        auto r = debate::load_problem(std::nullopt, dir.write("big.md", std::string(5 * 1024 * 1024, 'a')).string());
        REQUIRE_FALSE(r);
        CHECK(r.error().kind == ErrorKind::invalid_input);
        CHECK_THAT(r.error().message, Catch::Contains("big.md"));
    }
    SECTION("invalid UTF-8, with its line") {
        auto r = debate::load_problem(std::nullopt, dir.write("latin1.md", "line one\nna\xefve\n").string());
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message, Catch::Contains("latin1.md:2: not valid UTF-8"));
    }
    SECTION("a directory") {
        auto r = debate::load_problem(std::nullopt, dir.path().string());
        REQUIRE_FALSE(r);
        CHECK(r.error().kind == ErrorKind::invalid_input);
    }
}

TEST_CASE("a valid problem is returned as written", "[debate][problem]") {
    auto r = debate::load_problem(std::string("Design a queue — ünïcode ok"), std::nullopt);
    REQUIRE(r);
    CHECK(*r == "Design a queue — ünïcode ok");
}

TEST_CASE("context is read trimmed, cut at 5000 characters with a warning", "[debate][problem]") {
    TempDir dir;
    std::vector<std::string> warnings;
    auto small = debate::load_context(dir.write("c.md", "\n  We run Postgres.  \n").string(), warnings);
    REQUIRE(small);
    CHECK(*small == "We run Postgres.");
    CHECK(warnings.empty());

    std::string long_text;
    for (int i = 0; i < 6000; ++i) {
        long_text += "\xc3\xa9"; // é: characters are counted, not bytes
    }
    auto cut = debate::load_context(dir.write("long.md", long_text).string(), warnings);
    REQUIRE(cut);
    CHECK(cut->size() == 10000);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::Contains("5000 characters"));

    auto empty = debate::load_context(dir.write("e.md", " \n").string(), warnings);
    REQUIRE(empty);
    CHECK(empty->empty());
    CHECK_THAT(warnings.back(), Catch::Contains("empty"));

    auto missing = debate::load_context((dir.path() / "nope.md").string(), warnings);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == ErrorKind::invalid_input);
}

TEST_CASE("context is appended under an Extra Context heading, as dialectic does", "[debate][problem]") {
    CHECK(debate::with_context("P", "") == "P");
    CHECK(debate::with_context("P", "C") == "P\n\n# Extra Context\n\nC");
}
