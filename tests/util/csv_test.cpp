#include <catch2/catch.hpp>

#include "util/csv.hpp"

using parley::util::csv_field;
using parley::util::csv_row;
using parley::util::csv_text;

TEST_CASE("csv_field quotes a field only when it holds a comma, a quote or a line break", "[util][csv]") {
    CHECK(csv_field("plain text") == "plain text");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\r\nlines") == "\"two\r\nlines\"");
}

TEST_CASE("a text cell that a spreadsheet would run as a formula is shown as text", "[util][csv]") {
    CHECK(csv_text("=HYPERLINK.md") == "'=HYPERLINK.md");
    CHECK(csv_text("@cfg.json") == "'@cfg.json");
    CHECK(csv_text("+1") == "'+1");
    CHECK(csv_text("-2+3") == "'-2+3");
    CHECK(csv_text("\tx") == "'\tx");
    CHECK(csv_text("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0");
    CHECK(csv_text("=a,b") == "\"'=a,b\"");
    CHECK(csv_text("\r=x") == "\"'\r=x\"");
    CHECK(csv_text("plain") == "plain");
    CHECK(csv_text("") == "");
}

TEST_CASE("a CSV row ends with CRLF", "[util][csv]") {
    CHECK(csv_row({"a", "1", ""}) == "a,1,\r\n");
    CHECK(csv_row({}) == "\r\n");
}
