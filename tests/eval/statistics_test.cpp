// Spread, interval and agreement figures against values worked out by hand.

#include <catch2/catch.hpp>

#include "eval/statistics.hpp"

using Catch::Detail::Approx;
using namespace parley::eval;

TEST_CASE("mean, sample sd and the 95% t-interval match the hand-computed values", "[eval][stats]") {
    // 6, 7, 8: mean 7, sd 1, half-width t(0.975, 2) * 1 / sqrt(3) = 4.303 / 1.7320508 = 2.48434
    const auto s = spread_of({6, 7, 8});
    CHECK(s.n == 3);
    CHECK(*s.mean == Approx(7.0));
    CHECK(*s.sd == Approx(1.0));
    CHECK(s.interval95->first == Approx(7.0 - 2.48434).epsilon(1e-5));
    CHECK(s.interval95->second == Approx(7.0 + 2.48434).epsilon(1e-5));
}

TEST_CASE("one value has a mean but no sd or interval, and none has nothing", "[eval][stats]") {
    const auto one = spread_of({5});
    CHECK(*one.mean == 5);
    CHECK_FALSE(one.sd);
    CHECK_FALSE(one.interval95);
    CHECK_FALSE(spread_of({}).mean);
}

TEST_CASE("Krippendorff's alpha (interval) matches a hand computation", "[eval][stats]") {
    // Units (coder values): (1,2) (3,3) (5,4). n = 6 pairable values.
    // D_o = [ (1+1)/1 + 0 + (1+1)/1 ] / 6 = 4/6.
    // Pooled 1,2,3,3,5,4 (mean 3): sum over ordered pairs of squared differences = 2 * n * sum((v-3)^2)
    //   = 2 * 6 * (4+1+0+0+4+1) = 120; D_e = 120 / (6*5) = 4.  alpha = 1 - (4/6)/4 = 5/6.
    const auto alpha = krippendorff_alpha_interval({{1, 2}, {3, 3}, {5, 4}});
    REQUIRE(alpha);
    CHECK(*alpha == Approx(5.0 / 6.0));
}

TEST_CASE("alpha leaves out units with one value and is undefined without variation", "[eval][stats]") {
    CHECK(*krippendorff_alpha_interval({{1, 2}, {3, 3}, {5, 4}, {9}}) == Approx(5.0 / 6.0));
    CHECK_FALSE(krippendorff_alpha_interval({{7, 7}, {7, 7}}));
    CHECK_FALSE(krippendorff_alpha_interval({{7}}));
}

TEST_CASE("alpha of systematic disagreement is below zero", "[eval][stats]") {
    // Two coders who always differ by 4: D_o = (32 + 32) / 4 = 16; pooled 2,6,2,6 (mean 4):
    // D_e = 2 * 4 * 16 / (4 * 3) = 128 / 12; alpha = 1 - 16 / (128 / 12) = -0.5.
    const auto alpha = krippendorff_alpha_interval({{2, 6}, {2, 6}});
    CHECK(*alpha == Approx(-0.5));
}

TEST_CASE("the mean pairwise absolute difference averages every pair", "[eval][stats]") {
    // |6-8| + |6-9| + |8-9| = 2 + 3 + 1 = 6 over 3 pairs
    CHECK(*mean_pairwise_abs_diff({6, 8, 9}) == Approx(2.0));
    CHECK_FALSE(mean_pairwise_abs_diff({6}));
}

TEST_CASE("the verdict: one evaluator cannot be measured, close scores agree, far apart disagree", "[eval][stats]") {
    CHECK(agreement_of(1, std::nullopt, std::nullopt) == Agreement::not_measurable);
    CHECK(to_string(Agreement::not_measurable) == "agreement cannot be measured (one evaluator)");
    CHECK(agreement_of(3, -0.2, 0.67) == Agreement::agree);
    CHECK(agreement_of(2, 0.9, 2.5) == Agreement::agree);
    CHECK(agreement_of(2, 0.1, 1.5) == Agreement::partly);
    CHECK(agreement_of(2, 0.1, 4.0) == Agreement::disagree);
    CHECK(to_string(Agreement::disagree) == "evaluators disagree: do not rely on this score");
}
