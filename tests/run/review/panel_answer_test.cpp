// One panel reviewer's answer read: its status, its quotes checked against the design, and what breaks it.

#include <catch2/catch.hpp>

#include "eval/quotes.hpp"
#include "run/review/panel.hpp"

using parley::eval::QuoteChecker;
using parley::review::ConcernStatus;
using parley::run::read_panel_answer;

namespace {

const QuoteChecker kDesign("Workers lease each job for 30 seconds\nand renew the lease with heartbeats.");

} // namespace

TEST_CASE("a panel answer keeps quotes found in the design, whitespace aside, and counts the rest", "[review][panel]") {
    const auto a = read_panel_answer(
        R"(Here it is: {"status": "partial", "quotes": ["Workers lease each job for 30 seconds and renew the lease",
        "Jobs are replicated three times.", 7], "reason": "no cap"})",
        kDesign);
    REQUIRE(a.status == ConcernStatus::partial);
    CHECK(a.quotes.size() == 1);
    CHECK(a.dropped_quotes == 2);
    CHECK(a.reason == "no cap");
    CHECK(a.error.empty());
}

TEST_CASE("a panel answer with a status outside the four, or no JSON, has no status and says why", "[review][panel]") {
    const auto odd = read_panel_answer(R"({"status": "mostly fine", "quotes": []})", kDesign);
    CHECK_FALSE(odd.status);
    CHECK_THAT(odd.error, Catch::Contains("status is not one of"));
    const auto prose = read_panel_answer("It is covered.", kDesign);
    CHECK_FALSE(prose.status);
    CHECK_THAT(prose.error, Catch::Contains("no JSON object"));
}
