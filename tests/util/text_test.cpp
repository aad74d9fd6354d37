#include <catch2/catch.hpp>

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
