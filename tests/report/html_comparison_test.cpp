#include <catch2/catch.hpp>

#include "report/html_comparison.hpp"
#include "report/sample_debate.hpp"

using namespace parley;

namespace {

bool has(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

} // namespace

TEST_CASE("an HTML comparison puts each debate in a row, draws its charts and lists the decisions",
          "[report][html][comparison]") {
    auto a = testing::sample_debate(3, 2);
    auto b = testing::sample_debate(2, 1);
    b.final_solution->confidence = 40;
    b.final_solution->description = "<script>alert(1)</script> A single Postgres table.";
    const auto html = report::render_comparison_html({{"a.json", &a}, {"b<1>.json", &b}});
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(has(html, "<title>Comparison of 2 debates</title>"));
    CHECK(has(html, "Content-Security-Policy"));
    CHECK(has(html, "<tr><td>a.json</td>"));
    CHECK(has(html, "<tr><td>b&lt;1&gt;.json</td>"));
    CHECK(has(html, "<td>72/100</td>"));
    CHECK(has(html, "<td>40/100</td>"));
    CHECK(has(html, "<title>Confidence</title>"));
    CHECK(has(html, "&lt;script&gt;alert(1)&lt;/script&gt; A single Postgres table."));
    CHECK(!has(html, "<script"));
}
