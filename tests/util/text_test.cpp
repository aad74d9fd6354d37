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
