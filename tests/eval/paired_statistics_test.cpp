#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "eval/paired_statistics.hpp"

using parley::eval::mcnemar_exact;
using parley::eval::paired_bootstrap;

TEST_CASE("McNemar's exact p matches the binomial tail computed by hand", "[eval][paired]") {
    // No discordant pair: nothing to test, p = 1.
    CHECK(mcnemar_exact(0, 0).p == 1.0);
    // n = 1: 2 · P(X <= 0) = 2 · 1/2 = 1.
    CHECK(mcnemar_exact(1, 0).p == Approx(1.0));
    // n = 5, k = 0: 2 · 1/32.
    CHECK(mcnemar_exact(5, 0).p == Approx(0.0625));
    // n = 10, k = 2: 2 · (1 + 10 + 45) / 1024.
    CHECK(mcnemar_exact(8, 2).p == Approx(0.109375));
    CHECK(mcnemar_exact(2, 8).p == Approx(0.109375));
    // n = 15, k = 3: 2 · (1 + 15 + 105 + 455) / 32768.
    CHECK(mcnemar_exact(12, 3).p == Approx(0.03515625));
    // Equal counts: the tail passes one half, so p is capped at 1.
    CHECK(mcnemar_exact(4, 4).p == 1.0);
    const auto r = mcnemar_exact(12, 3);
    CHECK(r.lost == 12);
    CHECK(r.gained == 3);
}

TEST_CASE("McNemar's exact p stays finite on a sweep-sized count", "[eval][paired]") {
    const auto r = mcnemar_exact(0, 3000);
    CHECK(std::isfinite(r.p));
    CHECK(r.p < 1e-300);
    CHECK(mcnemar_exact(1500, 1500).p == 1.0);
}

TEST_CASE("the paired bootstrap is the same for the same seed and moves with another", "[eval][paired]") {
    std::vector<double> d;
    for (int i = 0; i < 40; ++i) {
        d.push_back(std::sin(i * 1.7) * 2 + 0.3);
    }
    const auto a = paired_bootstrap(d, 2000, 7);
    const auto b = paired_bootstrap(d, 2000, 7);
    const auto c = paired_bootstrap(d, 2000, 8);
    REQUIRE(a.interval95);
    REQUIRE(b.interval95);
    REQUIRE(c.interval95);
    CHECK(a.interval95->first == b.interval95->first);
    CHECK(a.interval95->second == b.interval95->second);
    CHECK(a.interval95 != c.interval95);
    CHECK(a.pairs == 40);
}

TEST_CASE("the paired bootstrap interval covers the true difference of a constructed sample", "[eval][paired]") {
    // Symmetric around 1.0: the mean is exactly the true difference, and 0 lies far outside the spread.
    std::vector<double> d;
    for (int k = -10; k <= 10; ++k) {
        d.push_back(1.0 + 0.1 * k);
    }
    const auto r = paired_bootstrap(d);
    REQUIRE(r.mean);
    CHECK(*r.mean == Approx(1.0));
    REQUIRE(r.interval95);
    CHECK(r.interval95->first < 1.0);
    CHECK(r.interval95->second > 1.0);
    CHECK(r.interval95->first > 0.0);
    // The sample's standard deviation is 0.62, its standard error 0.135: the interval is about ±0.27 wide.
    CHECK(r.interval95->second - r.interval95->first < 0.6);
}

TEST_CASE("the paired bootstrap gives no interval for one pair and a point for equal differences", "[eval][paired]") {
    const auto one = paired_bootstrap({-2.0});
    REQUIRE(one.mean);
    CHECK(*one.mean == -2.0);
    CHECK_FALSE(one.interval95);
    CHECK_FALSE(paired_bootstrap({}).mean);
    const auto same = paired_bootstrap({-1.5, -1.5, -1.5});
    REQUIRE(same.interval95);
    CHECK(same.interval95->first == -1.5);
    CHECK(same.interval95->second == -1.5);
}
