#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "util/text.hpp"

using parley::util::trim_blanks;
using parley::util::trim_space;

TEST_CASE("trim_blanks takes spaces and tabs only; trim_space takes any white space", "[util][text]") {
    CHECK(trim_blanks(" \t 12ms\t ") == "12ms");
    CHECK(trim_blanks("\n x \n") == "\n x \n");
    CHECK(trim_space("\r\n\t x y \r\n") == "x y");
    CHECK(trim_space(" \t\n").empty());
    CHECK(trim_blanks("").empty());
}

TEST_CASE("a whole number is read only when it fits its range", "[util][text]") {
    using parley::util::parse_whole_number;
    CHECK(parse_whole_number("42", 0, 100) == 42u);
    CHECK(parse_whole_number("18446744073709551615", 0, UINT64_MAX) == UINT64_MAX);
    CHECK_FALSE(parse_whole_number("18446744073709551616", 0, UINT64_MAX));
    CHECK_FALSE(parse_whole_number("-1", 0, UINT64_MAX));
    CHECK_FALSE(parse_whole_number("+1", 0, 100));
    CHECK_FALSE(parse_whole_number("1e3", 0, 10000));
    CHECK_FALSE(parse_whole_number(" 1", 0, 100));
    CHECK_FALSE(parse_whole_number("0", 1, 100));
    CHECK_FALSE(parse_whole_number("101", 1, 100));
    CHECK_FALSE(parse_whole_number("", 0, 100));
}

TEST_CASE("edit distance counts single-byte insertions, deletions and substitutions", "[util][text]") {
    using parley::util::edit_distance;
    CHECK(edit_distance("debat", "debate") == 1);
    CHECK(edit_distance("debate", "debat") == 1);
    CHECK(edit_distance("reprot", "report") == 2);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("same", "same") == 0);
}

TEST_CASE("the closest match is suggested only within the distance allowed", "[util][text]") {
    using parley::util::closest_match;
    const std::vector<std::string> commands{"debate", "report", "resume", "review", "config"};
    CHECK(closest_match("debat", commands, 2) == std::optional<std::string>("debate"));
    CHECK(closest_match("revew", commands, 2) == std::optional<std::string>("review"));
    CHECK_FALSE(closest_match("xyzzy", commands, 2));
}

TEST_CASE("ascii_lower lowers ASCII letters only and keeps UTF-8 bytes as they are", "[util][text]") {
    CHECK(parley::util::ascii_lower("Authorization: X-API-Key") == "authorization: x-api-key");
    CHECK(parley::util::ascii_lower("\xC3\x89T\xC3\x89") == "\xC3\x89t\xC3\x89");
}
