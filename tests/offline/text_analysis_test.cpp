#include <catch2/catch.hpp>

#include "offline/text_analysis.hpp"

using namespace parley::offline;

TEST_CASE("requirements come from list items and must/should sentences", "[offline]") {
    const auto facts = analyze_problem("# Payments\n\nThe service must settle every payment within 2 seconds. "
                                       "It is written in Go.\n\n- Support refunds and partial refunds\n"
                                       "- Keep an audit trail for 7 years\n1. Export a daily report to finance\n");
    REQUIRE(facts.title == "Payments");
    REQUIRE(facts.requirements == std::vector<std::string>{"The service must settle every payment within 2 seconds",
                                                           "Support refunds and partial refunds",
                                                           "Keep an audit trail for 7 years",
                                                           "Export a daily report to finance"});
}

TEST_CASE("open questions come from question marks and open-question sections", "[offline]") {
    const auto facts = analyze_problem("Jobs must run. Is ordering needed?\n\n## Open questions\n- Storage choice\n"
                                       "- Pull or push?\n\n## Notes\n- Teams deploy daily with care\n");
    REQUIRE(facts.open_questions == std::vector<std::string>{"Is ordering needed?", "Storage choice", "Pull or push?"});
    REQUIRE(facts.requirements == std::vector<std::string>{"Jobs must run", "Teams deploy daily with care"});
}

TEST_CASE("quantities keep their units and resolve separators and suffixes", "[offline]") {
    const auto facts = analyze_problem("Handle 100,000 jobs per minute, 2k requests/s and 99.9% uptime; start within "
                                       "500 ms; payloads up to 256 KB.\n1. Step one has 3 parts");
    REQUIRE(facts.quantities.size() == 6);
    REQUIRE(facts.quantities[0].text == "100,000 jobs per minute");
    REQUIRE(facts.quantities[0].value == 100000);
    REQUIRE(rate_period_seconds(facts.quantities[0]) == 60);
    REQUIRE(facts.quantities[1].value == 2000);
    REQUIRE(rate_period_seconds(facts.quantities[1]) == 1);
    REQUIRE(facts.quantities[2].unit == "%");
    REQUIRE(facts.quantities[3].text == "500 ms");
    REQUIRE(duration_ms(facts.quantities[3]) == 500);
    REQUIRE(is_latency_target(facts.quantities[3]));
    REQUIRE(describe_quantity(facts.quantities[4]) == "a size");
    REQUIRE(facts.quantities[5].text == "3 parts");
}

TEST_CASE("key terms are the words the problem repeats", "[offline]") {
    const auto facts = analyze_problem("Invoices are created, invoices are paid, invoices are archived. "
                                       "Payments settle invoices.");
    REQUIRE_FALSE(facts.key_terms.empty());
    REQUIRE(facts.key_terms.front() == "invoices");
}

TEST_CASE("empty and invalid text give empty facts, not errors", "[offline]") {
    for (const std::string& text : {std::string(), std::string("\xff\xfe\xc3"), std::string(3000, '#')}) {
        const auto facts = analyze_problem(text);
        REQUIRE(facts.requirements.empty());
        REQUIRE(facts.quantities.empty());
        REQUIRE_FALSE(facts.title.empty());
    }
}

TEST_CASE("numbers are written with separators and at most one decimal", "[offline]") {
    REQUIRE(format_number(1666.67) == "1,667");
    REQUIRE(format_number(1234567) == "1,234,567");
    REQUIRE(format_number(2.5) == "2.5");
    REQUIRE(format_number(3) == "3");
    REQUIRE(shorten("one two three four", 9) == "one two…");
}

TEST_CASE("an amount of money is neither a rate nor a duration", "[offline]") {
    const auto facts = analyze_problem("We have $2,000 per day for hosting and €500 for tools.");
    REQUIRE(facts.quantities.size() == 2);
    for (const auto& q : facts.quantities) {
        CHECK(q.money);
        CHECK(rate_period_seconds(q) == 0);
        CHECK(duration_ms(q) == 0);
        CHECK_FALSE(is_commitment(q));
    }
    CHECK(facts.quantities[0].text == "$2,000");
    CHECK(facts.quantities[1].text == "€500");
}

TEST_CASE("a figure the sentence gives to another system is not this design's target", "[offline]") {
    const auto facts = analyze_problem("The billing API has its own SLO of p99 under 800 ms; that is their\nfigure. "
                                       "Our answers must come within 300 ms.");
    REQUIRE(facts.quantities.size() == 2);
    CHECK(is_someone_elses(facts.quantities[0]));
    CHECK_FALSE(is_latency_target(facts.quantities[0]));
    CHECK_FALSE(is_someone_elses(facts.quantities[1]));
    CHECK(is_latency_target(facts.quantities[1]));
    CHECK(is_commitment(facts.quantities[1]));
    for (const char* text : {"The dashboard team's SLO is p99 8 s.", "Search publishes a p99 of 8 s.",
                             "The warehouse has its own SLO: p99 within 8 s."}) {
        INFO(text);
        const auto slo = analyze_problem(text);
        REQUIRE(slo.quantities.size() == 1);
        CHECK_FALSE(is_latency_target(slo.quantities[0]));
    }
    CHECK(is_latency_target(analyze_problem("The p99 must stay within 8 s.").quantities.at(0)));
}
