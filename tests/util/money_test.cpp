// One money type: an unknown price stays unknown through sums and is never printed as $0.

#include <catch2/catch.hpp>

#include "util/money.hpp"

using parley::util::format_money;
using parley::util::format_usd;
using parley::util::Money;

TEST_CASE("costs print in cents above a dollar and three significant digits below", "[util][money]") {
    CHECK(format_usd(0) == "$0.00");
    CHECK(format_usd(12.345) == "$12.35");
    CHECK(format_usd(0.5) == "$0.50");
    CHECK(format_usd(0.0123456) == "$0.0123");
    CHECK(format_usd(0.004) == "$0.004");
    CHECK(format_usd(0.000042) == "$0.000042");
    CHECK(format_usd(0.0000001) == "< $0.000001");
}

TEST_CASE("a call without a price is unknown, not free, and stays unknown through a sum", "[util][money]") {
    const Money priced = Money::of_call(0.0123);
    const Money unpriced = Money::of_call(std::nullopt);
    CHECK(priced.known());
    CHECK_FALSE(unpriced.known());
    const Money sum = priced + unpriced + unpriced;
    CHECK(sum.usd == Approx(0.0123));
    CHECK(sum.unknown_calls == 2);
    CHECK_FALSE(sum.known());
}

TEST_CASE("an amount says its unknown part: a priced figure, a mix, and nothing priced", "[util][money]") {
    CHECK(format_money(Money::of_call(0.0123)) == "$0.0123");
    CHECK(format_money(Money::of_call(0.0)) == "$0.00");
    CHECK(format_money(Money{0.0123, 2}) == "$0.0123 + unknown for 2 calls");
    CHECK(format_money(Money::of_call(std::nullopt)) == "unknown (1 call unpriced)");
    // A free call beside an unpriced one does not make the sum $0.
    const auto text = format_money(Money::of_call(0.0) + Money::of_call(std::nullopt) + Money::of_call(std::nullopt));
    CHECK(text == "unknown (2 calls unpriced)");
    CHECK(text.find("$0") == std::string::npos);
}
