#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "review/capacity.hpp"

using namespace parley::review;

namespace {

std::vector<CapacityCheck> checks_of(std::string_view text, std::string_view kind) {
    std::vector<CapacityCheck> out;
    for (const auto& c : check_capacity(split_lines(text)).checks) {
        if (c.kind == kind) {
            out.push_back(c);
        }
    }
    return out;
}

} // namespace

TEST_CASE("arithmetic statements are checked: right ones ok, wrong ones wrong with the computed value", "[review]") {
    const auto ok = checks_of("Slots: 40 × 16 = 640 slots.", "arithmetic");
    REQUIRE(ok.size() == 1);
    CHECK(ok[0].verdict == Verdict::ok);
    CHECK(*ok[0].stated == 640);
    const auto wrong = checks_of("Slots: 40 x 16 = 540 slots.", "arithmetic");
    REQUIRE(wrong.size() == 1);
    CHECK(wrong[0].verdict == Verdict::wrong);
    CHECK(*wrong[0].computed == 640);
    CHECK(checks_of("x * y: 3 * 4 = 12", "arithmetic").at(0).verdict == Verdict::ok);
    CHECK(checks_of("40 workers × 16 threads = 640 slots", "arithmetic").at(0).verdict == Verdict::ok);
}

TEST_CASE("rate conversions in parentheses are checked across periods", "[review]") {
    const auto ok = checks_of("Peak is 100,000 jobs per minute (1,667 per second).", "conversion");
    REQUIRE(ok.size() == 1);
    CHECK(ok[0].verdict == Verdict::ok);
    const auto wrong = checks_of("Peak is 100,000 jobs per minute (16,667 per second).", "conversion");
    REQUIRE(wrong.size() == 1);
    CHECK(wrong[0].verdict == Verdict::wrong);
    CHECK(*wrong[0].computed == Approx(1666.67).epsilon(0.001));
}

TEST_CASE("rate times duration and storage are checked in the units they are written in", "[review]") {
    CHECK(checks_of("1,667 jobs/s × 86,400 s = 144,028,800 jobs per day", "arithmetic").at(0).verdict == Verdict::ok);
    CHECK(checks_of("144M jobs/day × 4 KB ≈ 576 GB", "storage").at(0).verdict == Verdict::ok);
    CHECK(checks_of("10 million jobs × 4 KiB ≈ 41 GB", "storage").at(0).verdict == Verdict::ok);
    CHECK(checks_of("144M jobs/day × 4 KB ≈ 57 GB", "storage").at(0).verdict == Verdict::wrong);
}

TEST_CASE("approximate results get a rounding tolerance, exact ones a small one", "[review]") {
    CHECK(checks_of("1,000 × 3.3 ≈ 3,000", "arithmetic").at(0).verdict == Verdict::ok);
    CHECK(checks_of("1,000 × 3.3 = 3,000", "arithmetic").at(0).verdict == Verdict::wrong);
}

TEST_CASE("Little's law compares the work in flight at peak with the slots provided", "[review]") {
    const std::string base = "Peak: 1,000 jobs per second.\nThe mean job takes 2 s.\n";
    const auto ok = checks_of(base + "We run 50 workers × 50 threads = 2,500 slots.", "littles_law");
    REQUIRE(ok.size() == 1);
    CHECK(ok[0].verdict == Verdict::ok);
    CHECK(*ok[0].computed == 2000);
    CHECK(*ok[0].stated == 2500);
    const auto short_of = checks_of(base + "We run 20 workers with 50 threads each.", "littles_law");
    CHECK(short_of.at(0).verdict == Verdict::wrong);
    CHECK(*short_of.at(0).stated == 1000);
    const auto unknown = checks_of("Peak: 1,000 jobs per second.", "littles_law");
    CHECK(unknown.at(0).verdict == Verdict::unknown);
    CHECK_THAT(unknown.at(0).note, Catch::Contains("job time"));
}

TEST_CASE("the stated capacity and the grown peak are checked against the peak", "[review]") {
    const std::string text = "Peak: 1,000 jobs per second, growing 3x in two years.\n"
                             "The grown peak is 3,000 jobs per second.\n"
                             "Load-tested capacity: 800 jobs per second.\n";
    CHECK(checks_of(text, "growth").at(0).verdict == Verdict::ok);
    CHECK(checks_of(text, "capacity").at(0).verdict == Verdict::wrong);
    const auto wrong_growth = checks_of("Peak: 1,000 jobs/s, growing 3x.\nAfter growth: 2,000 jobs/s.", "growth");
    CHECK(wrong_growth.at(0).verdict == Verdict::wrong);
}

TEST_CASE("a sentence wrapped over two lines is read whole", "[review]") {
    const auto review = check_capacity(split_lines("- With 3x growth the grown peak is 5,000 jobs per\n  second."));
    const auto rate = std::find_if(review.quantities.begin(), review.quantities.end(),
                                   [](const LineQuantity& q) { return q.quantity.kind == QuantityKind::rate; });
    REQUIRE(rate != review.quantities.end());
    CHECK(rate->quantity.value == 5000);
    CHECK(rate->line == 1);
}

TEST_CASE("a parenthesis that names another value is no conversion", "[review]") {
    CHECK(checks_of("Timeouts are 500 ms (5 s for batch jobs).", "conversion").empty());
    CHECK(checks_of("Peak: 100,000 jobs per minute (≈ 1,667 jobs/s at peak).", "conversion").at(0).verdict ==
          Verdict::ok);
}

TEST_CASE("Little's law uses the mean job time, not a larger maximum stated beside it", "[review][statistics]") {
    const auto checks = checks_of("Peak: 1,000 jobs per second.\nJobs take up to 20 s, 2 s on average.\n"
                                  "We run 50 workers × 50 threads = 2,500 slots.",
                                  "littles_law");
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].verdict == Verdict::ok);
    CHECK(checks[0].computed == Approx(2000));
    CHECK(checks[0].uses == "peak rate, mean job time");
    CHECK_THAT(checks[0].note, Catch::Contains("mean"));
}

TEST_CASE("Little's law cannot tell when only a maximum job time is stated", "[review][statistics]") {
    const auto checks = checks_of("Peak: 1,000 jobs per second.\nA job runs for at most 20 s.\n"
                                  "We run 50 workers × 50 threads = 2,500 slots.",
                                  "littles_law");
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].verdict == Verdict::unknown);
    CHECK_THAT(checks[0].note, Catch::Contains("only a max job time is stated"));
}

TEST_CASE("Little's law sizes for the total peak, not a per-tenant one, and says when it used a mean rate",
          "[review][statistics]") {
    const auto per_tenant = checks_of("Each tenant may burst to 500 jobs/s per tenant.\nAverage load is 1,000 jobs/s."
                                      "\nThe mean job takes 1 s.\nWe run 10 workers × 100 threads = 1,000 slots.",
                                      "littles_law");
    REQUIRE(per_tenant.size() == 1);
    CHECK(per_tenant[0].verdict == Verdict::ok);
    CHECK(per_tenant[0].uses == "mean rate, mean job time");
    CHECK_THAT(per_tenant[0].note, Catch::Contains("no peak rate is stated"));
}

TEST_CASE("arithmetic past the range of a double gets a row, compared as powers of ten", "[review]") {
    const auto rate = checks_of("10^999 jobs per second x 10 s = 10^1000 jobs", "arithmetic");
    REQUIRE(rate.size() == 1);
    CHECK(rate[0].verdict == Verdict::ok);
    CHECK(rate[0].note.find("10^1000") != std::string::npos);
    const auto square = checks_of("1e308 x 1e308 = 1e616", "arithmetic");
    REQUIRE(square.size() == 1);
    CHECK(square[0].verdict == Verdict::ok);
    CHECK_FALSE(square[0].stated.has_value());
    const auto overflow = checks_of("1e200 x 1e200 = 5", "arithmetic");
    REQUIRE(overflow.size() == 1);
    CHECK(overflow[0].verdict == Verdict::wrong);
    CHECK(*overflow[0].stated == 5);
    CHECK(overflow[0].note.find("10^400") != std::string::npos);
    CHECK(checks_of("10^99999 x 10 = 10^99999", "arithmetic").at(0).verdict == Verdict::wrong);
    CHECK(checks_of("10^99999 x 10 = 10^100000", "arithmetic").at(0).verdict == Verdict::ok);
    CHECK(checks_of("1e300 x 1e300 + 1e599 = 1.1e600", "arithmetic").at(0).verdict == Verdict::ok);
    CHECK(checks_of("1e400 / 1e399 = 10", "arithmetic").at(0).verdict == Verdict::ok);
}

TEST_CASE("a number too large even for powers of ten gives a row that cannot tell, saying why", "[review]") {
    const auto huge = checks_of("10^9999999 x 10 = 5", "arithmetic");
    REQUIRE(huge.size() == 1);
    CHECK(huge[0].verdict == Verdict::unknown);
    CHECK(huge[0].note.find("too large to compute with") != std::string::npos);
    // No relation (Little's law, capacity) reads a value a quantity past a double does not have.
    for (const auto& q : check_capacity(split_lines("Peak: 1e400 jobs per second.")).quantities) {
        CHECK(std::isfinite(q.quantity.value));
    }
}
