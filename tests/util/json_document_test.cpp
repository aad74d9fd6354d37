#include <catch2/catch.hpp>

#include "util/json_document.hpp"

using namespace parley::util;

TEST_CASE("every value's line is known by its path", "[util][json]") {
    auto doc =
        parse_json_document("{\n \"a\": [\n  1,\n  {\"b\": \"x\\\"y\"}\n ],\n \"c\": {\"d\": true}\n}", "f.json");
    REQUIRE(doc);
    CHECK(doc->line_of("a") == 2);
    CHECK(doc->line_of("a[0]") == 3);
    CHECK(doc->line_of("a[1].b") == 4);
    CHECK(doc->line_of("c.d") == 6);
    CHECK(doc->line_of("c.missing") == 6);
    CHECK(doc->where("a[1].b") == "f.json:4: a[1].b: ");
}

TEST_CASE("a syntax error names line and column", "[util][json]") {
    auto doc = parse_json_document("{\n  \"a\": 1,\n  \"b\" 2\n}", "f.json");
    REQUIRE_FALSE(doc);
    CHECK_THAT(doc.error().message, Catch::StartsWith("f.json:3:7: invalid JSON"));
}

TEST_CASE("a value's type is named as a message would say it", "[util][json]") {
    CHECK(json_type_name(nlohmann::json()) == "null");
    CHECK(json_type_name(nlohmann::json::array()) == "an array");
    CHECK(json_type_name(nlohmann::json::object()) == "an object");
    CHECK(json_type_name("x") == "a string");
    CHECK(json_type_name(true) == "a boolean");
    CHECK(json_type_name(1) == "a number");
    CHECK(json_type_name(-1.5) == "a number");
}
