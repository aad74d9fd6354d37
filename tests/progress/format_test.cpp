#include <catch2/catch.hpp>

#include "progress/format.hpp"
#include "util/utf8.hpp"

using namespace parley::progress;

TEST_CASE("durations read as seconds, then minutes and seconds, then hours and minutes", "[progress]") {
    CHECK(format_duration(0) == "0.0s");
    CHECK(format_duration(-5) == "0.0s");
    CHECK(format_duration(1234) == "1.2s");
    CHECK(format_duration(59'940) == "59.9s");
    CHECK(format_duration(59'960) == "1m00s");
    CHECK(format_duration(184'000) == "3m04s");
    CHECK(format_duration(7'500'000) == "2h05m");
}

TEST_CASE("counts shorten to thousands and millions with one decimal", "[progress]") {
    CHECK(format_count(0) == "0");
    CHECK(format_count(950) == "950");
    CHECK(format_count(999.6) == "1.0k");
    CHECK(format_count(12'345) == "12.3k");
    CHECK(format_count(999'999) == "1.0M");
    CHECK(format_count(4'600'000) == "4.6M");
}

TEST_CASE("display width counts wide characters twice and combining marks not at all", "[progress]") {
    CHECK(display_width("abc") == 3);
    CHECK(display_width("h\xc3\xa9llo") == 5);
    CHECK(display_width("\xe6\x97\xa5\xe6\x9c\xac") == 4);
    CHECK(display_width("e\xcc\x81") == 1);
    CHECK(display_width("\xf0\x9f\x98\x80") == 2);
}

TEST_CASE("fitting to a width cuts on character boundaries and marks the cut", "[progress]") {
    CHECK(fit_width("hello", 5) == "hello");
    CHECK(fit_width("hello world", 5) == "hell\xe2\x80\xa6");
    CHECK(fit_width("hello", 0).empty());
    const std::string japanese = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"; // three wide characters
    CHECK(fit_width(japanese, 5) == "\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6");
    CHECK(fit_width(japanese, 4) == "\xe6\x97\xa5\xe2\x80\xa6");
    const std::string mixed = "a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80z";
    for (std::size_t columns = 0; columns <= 8; ++columns) {
        const auto fitted = fit_width(mixed, columns);
        CHECK_FALSE(parley::util::first_invalid_utf8(fitted));
        CHECK(display_width(fitted) <= columns);
    }
}

TEST_CASE("the tail of a text keeps its last columns", "[progress]") {
    CHECK(tail_width("hello world", 11) == "hello world");
    CHECK(tail_width("hello world", 6) == "\xe2\x80\xa6world");
    CHECK(tail_width("ab\xe6\x97\xa5\xe6\x9c\xac", 4) == "\xe2\x80\xa6\xe6\x9c\xac");
}

TEST_CASE("model text is made safe for one terminal line", "[progress]") {
    CHECK(one_line("  a\nb\t\tc \r\n") == "a b c");
    CHECK(one_line("\x1b[31mred\x1b[0m text") == "\\x1b[31mred\\x1b[0m text");
    CHECK(one_line("\x1b]0;new title\x07x") == "\\x1b]0;new title\\x07x");
    CHECK(one_line("ab\xff"
                   "c") == "ab\xef\xbf\xbd"
                           "c");
    CHECK(one_line("ab\xe2\x82") == "ab\xef\xbf\xbd");
    CHECK(one_line("bell\x07 and\x7f del") == "bell\\x07 and\\x7f del");
}

TEST_CASE("the first line of an answer skips blank lines", "[progress]") {
    CHECK(first_line("\n  \n  First line\nsecond") == "First line");
    CHECK(first_line("only") == "only");
    CHECK(first_line("\n\n").empty());
}
