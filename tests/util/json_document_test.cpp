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

TEST_CASE("a config nested 100,000 deep is refused before a tree is built", "[util][json]") {
    const std::string deep = "{\"a\":\n" + std::string(100'000, '[') + std::string(100'000, ']') + "}";
    auto doc = parse_json_document(deep, "deep.json");
    REQUIRE_FALSE(doc);
    CHECK(doc.error().message == "deep.json:2:64: nesting deeper than 64 levels of arrays and objects");
}

TEST_CASE("nesting at the limit is accepted and brackets inside strings do not count", "[util][json]") {
    const std::string at_limit = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
    CHECK(parse_json_document(at_limit, "f.json"));
    CHECK_FALSE(parse_json_document("[" + at_limit + "]", "f.json"));
    CHECK_FALSE(nesting_too_deep("[\"" + std::string(500, '[') + "\\\"\"]"));
}

TEST_CASE("bounded parsing discards text that nests too deep", "[util][json]") {
    CHECK(parse_json_bounded(std::string(1000, '[') + std::string(1000, ']')).is_discarded());
    CHECK(parse_json_bounded("{\"a\": [1]}")["a"][0] == 1);
    CHECK(parse_json_bounded("{").is_discarded());
}

TEST_CASE("keys of a megabyte do not make the location map grow with them", "[util][json]") {
    const std::string key(1024 * 1024, 'k');
    std::string text = "{\"" + key + "\": [";
    for (int i = 0; i < 2000; ++i) {
        text += (i ? ",1" : "1");
    }
    text += "]}";
    auto doc = parse_json_document(text, "f.json");
    REQUIRE(doc);
    CHECK(doc->lines.size() == 1);
}

TEST_CASE("a path made of hostile keys is shown escaped in messages", "[util][json]") {
    auto doc = parse_json_document("{\"a\\nb\": 1}", "f.json");
    REQUIRE(doc);
    CHECK(doc->where("a\nb") == "f.json:1: \"a\\nb\": ");
}

TEST_CASE("a number past a double is a syntax error with its line, not an exception", "[util][json]") {
    auto doc = parse_json_document("{\n  \"a\": 1e400\n}", "f.json");
    REQUIRE_FALSE(doc);
    CHECK(doc.error().message == "f.json:2:8: invalid JSON: number \"1e400\" is out of range");
    CHECK(parse_json_bounded("[1e400]").is_discarded());
}
