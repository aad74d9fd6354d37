#include <catch2/catch.hpp>

#include <cmath>

#include "review/quantity.hpp"

using namespace parley::review;

namespace {

Quantity only(std::string_view line) {
    const auto qs = extract_quantities(line);
    INFO(line);
    REQUIRE(qs.size() == 1);
    return qs.front();
}

} // namespace

TEST_CASE("quantity parser reads thousands separators, k/M suffixes and powers of ten", "[review]") {
    CHECK(only("1,000 jobs").number == 1000);
    CHECK(only("1k jobs").number == 1000);
    CHECK(only("1.5M jobs").number == 1500000);
    CHECK(only("10^5 jobs").number == 100000);
    CHECK(only("1e5 jobs").number == 100000);
    CHECK(only("3 million jobs").number == 3000000);
    CHECK(only("144,028,800 rows").number == 144028800);
}

TEST_CASE("quantity parser normalizes rates to per second whatever the spelling", "[review]") {
    for (const char* text :
         {"100,000 jobs per minute", "100,000 jobs/min", "100k/min", "6M jobs per hour", "144M jobs a day"}) {
        const auto q = only(text);
        INFO(text);
        CHECK(q.kind == QuantityKind::rate);
        CHECK(q.value == Approx(100000.0 / 60).epsilon(0.01));
    }
    CHECK(only("1,667 rps").value == 1667);
    CHECK(only("1,667 jobs/s").value == 1667);
    CHECK(only("5,000 per second").period_seconds == 1);
}

TEST_CASE("quantity parser tells decimal from binary sizes", "[review]") {
    CHECK(only("2 GB").value == 2e9);
    CHECK(only("2 GiB").value == 2.0 * 1024 * 1024 * 1024);
    CHECK(only("256KB").value == 256000);
    CHECK(only("1.5 MiB").kind == QuantityKind::size);
}

TEST_CASE("quantity parser reads durations, counts, factors and percentages", "[review]") {
    CHECK(only("500 ms").value == Approx(0.5));
    CHECK(only("10 minutes").value == 600);
    CHECK(only("a 30-second lease").value == 30);
    CHECK(only("2h").value == 7200);
    const auto workers = only("40 workers");
    CHECK(workers.kind == QuantityKind::count);
    CHECK(workers.unit == "workers");
    CHECK(only("grow 3x").kind == QuantityKind::factor);
    CHECK(only("3× growth").value == 3);
    CHECK(only("20% headroom").kind == QuantityKind::percent);
}

TEST_CASE("quantity parser skips numbers glued to words and keeps numbers too large for a double as powers of ten",
          "[review]") {
    CHECK(extract_quantities("p99 latency on S3 with IPv4 and HTTP/2").empty());
    const auto past = extract_quantities("1e400 jobs per minute");
    REQUIRE(past.size() == 1);
    CHECK(past[0].beyond_double);
    CHECK_FALSE(past[0].beyond_range);
    CHECK(past[0].log10_number == Approx(400));
    CHECK(past[0].log10_value == Approx(400 - std::log10(60.0)));
    CHECK(extract_quantities("10^1000 jobs").at(0).log10_number == Approx(1000));
    CHECK(extract_quantities("2.5e999k bytes").at(0).log10_number == Approx(1002 + std::log10(2.5)));
    CHECK(extract_quantities("10^9999999 jobs").at(0).beyond_range);
    CHECK(extract_quantities(std::string(401, '9') + " jobs").at(0).beyond_range);
    const auto long_run = extract_quantities(std::string(350, '9') + " jobs");
    REQUIRE(long_run.size() == 1);
    CHECK(long_run[0].log10_number == Approx(350));
    CHECK(extract_quantities("the 3rd attempt").empty());
    const auto huge = extract_quantities("99999999999999999999999 jobs");
    REQUIRE(huge.size() == 1);
    CHECK(huge[0].number == Approx(1e23));
}

TEST_CASE("a product written 40×16 is two numbers, not a growth factor", "[review]") {
    const auto qs = extract_quantities("40×16 = 640");
    REQUIRE(qs.size() == 3);
    CHECK(qs[0].kind == QuantityKind::plain);
}

TEST_CASE("format_number groups thousands and keeps small decimals", "[review]") {
    CHECK(format_number(1666.6667) == "1,667");
    CHECK(format_number(0.5) == "0.5");
    CHECK(format_number(144028800) == "144,028,800");
}

TEST_CASE("a quantity carries the statistic the words next to it name", "[review][statistics]") {
    CHECK(only("the mean job takes 2 s").statistic == Statistic::mean);
    CHECK(only("jobs take 2 s on average").statistic == Statistic::mean);
    CHECK(only("median 300 ms").statistic == Statistic::median);
    CHECK(only("p99 latency is 3 s").statistic == Statistic::p99);
    CHECK(only("3 s at p99").statistic == Statistic::p99);
    CHECK(only("p99.9: 8 s").statistic == Statistic::p999);
    CHECK(only("the 95th percentile is 900 ms").statistic == Statistic::p95);
    CHECK(only("a job runs for up to 20 minutes").statistic == Statistic::max);
    CHECK(only("at most 5 attempts").statistic == Statistic::max);
    CHECK(only("at least 3 workers").statistic == Statistic::min);
    CHECK(only("peak: 1,000 jobs per second").statistic == Statistic::peak);
    CHECK(only("bursts of 5,000 jobs/s").statistic == Statistic::peak);
    CHECK(only("the job takes 2 s").statistic == Statistic::unstated);
}

TEST_CASE("each quantity of a sentence keeps its own statistic", "[review][statistics]") {
    const auto qs = extract_quantities("Jobs take 2 s on average, up to 20 s; p99 is 9 s.");
    REQUIRE(qs.size() == 3);
    CHECK(qs[0].statistic == Statistic::mean);
    CHECK(qs[1].statistic == Statistic::max);
    CHECK(qs[2].statistic == Statistic::p99);
    const auto rates = extract_quantities("average 200 jobs/s, peak 1,500 jobs/s");
    REQUIRE(rates.size() == 2);
    CHECK(rates[0].statistic == Statistic::mean);
    CHECK(rates[1].statistic == Statistic::peak);
}

TEST_CASE("a range gives its ends min and max, in the unit of the second", "[review][statistics]") {
    for (const char* text : {"jobs take 2-5 s",
                             "jobs take 2\xE2\x80\x93"
                             "5 s",
                             "jobs take 2 to 5 s", "jobs take between 2 and 5 s"}) {
        INFO(text);
        const auto qs = extract_quantities(text);
        REQUIRE(qs.size() == 2);
        CHECK(qs[0].kind == QuantityKind::duration);
        CHECK(qs[0].value == 2);
        CHECK(qs[0].statistic == Statistic::min);
        CHECK(qs[1].statistic == Statistic::max);
    }
    const auto ms = extract_quantities("200-800 ms");
    REQUIRE(ms.size() == 2);
    CHECK(ms[0].value == Approx(0.2));
}

TEST_CASE("a per-tenant figure is told from a total", "[review][statistics]") {
    CHECK(only("100 jobs/s per tenant").per_tenant);
    CHECK(only("each tenant may enqueue 50 jobs per second").per_tenant);
    CHECK_FALSE(only("10,000 jobs/s in total").per_tenant);
}

TEST_CASE("a range of two figures with units has a min and a max", "[review][statistics]") {
    const auto qs = extract_quantities("jobs range from 50 ms to 10 minutes");
    REQUIRE(qs.size() == 2);
    CHECK(qs[0].statistic == Statistic::min);
    CHECK(qs[1].statistic == Statistic::max);
    CHECK(qs[1].value == 600);
}

TEST_CASE("a range ending past a double gives its low end the unit's scale and not NaN", "[review]") {
    const auto qs = extract_quantities("between 2 and 10^999 jobs per minute, or 1e308 to 1e400 GB");
    REQUIRE(qs.size() == 4);
    CHECK(qs[0].kind == QuantityKind::rate);
    CHECK(qs[0].value == Approx(2.0 / 60));
    CHECK(qs[2].beyond_double);
    CHECK(qs[2].log10_value == Approx(317));
}
