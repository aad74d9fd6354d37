#include <catch2/catch.hpp>

#include "util/quoted_value.hpp"

using namespace parley::util;

TEST_CASE("a short value is quoted whole", "[util][quote]") {
    CHECK(quote_value("abc") == "\"abc\"");
    CHECK(quote_value("") == "\"\"");
    CHECK(quote_value("café") == "\"café\"");
}

TEST_CASE("a quoted value escapes line breaks, quotes and control characters", "[util][quote]") {
    CHECK(quote_value("a\nb") == "\"a\\nb\"");
    CHECK(quote_value("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
    CHECK(quote_value("\x1b]0;owned\x07") == "\"\\x1B]0;owned\\x07\"");
    CHECK(quote_value("\xc2\x9b"
                      "2J") == "\"\\u009B2J\"");
    CHECK(quote_value("bad \xff\xfe byte") == "\"bad \\xFF\\xFE byte\"");
}

TEST_CASE("a long value is cut with an ellipsis and its full size", "[util][quote]") {
    const std::string big(3 * 1024 * 1024, 'x');
    const auto quoted = quote_value(big);
    CHECK(quoted == "\"" + std::string(80, 'x') + "…\" (3.0 MB)");
    CHECK(quote_value("abcdef", 3) == "\"abc…\" (6 bytes)");
    CHECK(quote_value("abc", 3) == "\"abc\"");
}

TEST_CASE("sizes read as a person says them", "[util][quote]") {
    CHECK(human_size(1) == "1 byte");
    CHECK(human_size(512) == "512 bytes");
    CHECK(human_size(2048) == "2.0 KB");
}

TEST_CASE("escaping a parser's message keeps its quotes and escapes raw bytes", "[util][quote]") {
    CHECK(escape_controls("last read: '\x7f\"'") == "last read: '\\x7F\"'");
    CHECK(escape_controls("a\nb\xff") == "a\\nb\\xFF");
}
