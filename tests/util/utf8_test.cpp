#include <catch2/catch.hpp>

#include "util/utf8.hpp"

using namespace parley::util;

TEST_CASE("invalid UTF-8 is found at its first bad byte", "[util][utf8]") {
    CHECK_FALSE(first_invalid_utf8("plain ascii"));
    CHECK_FALSE(first_invalid_utf8("h\xc3\xa9llo \xf0\x9f\x98\x80"));
    CHECK(first_invalid_utf8("ab\xff") == 2u);
    CHECK(first_invalid_utf8("a\xc3") == 1u);
    CHECK(first_invalid_utf8("\xc0\xaf") == 0u);
    CHECK(first_invalid_utf8("\xed\xa0\x80") == 0u);
}

TEST_CASE("truncation never splits a character", "[util][utf8]") {
    CHECK(truncate_utf8("h\xc3\xa9llo", 2) == "h");
    CHECK(truncate_utf8("h\xc3\xa9llo", 3) == "h\xc3\xa9");
    CHECK(truncate_utf8("abc", 10) == "abc");
}
