#include <catch2/catch.hpp>

#include "queue/metrics.hpp"

using namespace parley::queue;
using namespace std::chrono_literals;

TEST_CASE("histogram percentiles are within 2% of the exact values", "[queue][metrics]") {
    Histogram histogram;
    for (int ms = 1; ms <= 1000; ++ms) {
        histogram.record(std::chrono::milliseconds(ms));
    }
    CHECK(histogram.count() == 1000);
    const auto close_to = [](Duration value, double expected_ms) {
        const double ms = std::chrono::duration<double, std::milli>(value).count();
        return ms >= expected_ms * 0.98 && ms <= expected_ms * 1.02;
    };
    CHECK(close_to(histogram.percentile(0.50), 500));
    CHECK(close_to(histogram.percentile(0.95), 950));
    CHECK(close_to(histogram.percentile(0.99), 990));
    CHECK(histogram.max() == 1000ms);
    CHECK(histogram.percentile(1.0) == 1000ms);
}

TEST_CASE("histogram keeps nanosecond resolution for small values and merges", "[queue][metrics]") {
    Histogram a;
    Histogram b;
    a.record(Duration{7});
    b.record(Duration{7});
    b.record(Duration{-5});
    a.merge(b);
    CHECK(a.count() == 3);
    CHECK(a.percentile(0.0) == Duration{0});
    CHECK(a.percentile(0.99) == Duration{7});
    CHECK(Histogram{}.percentile(0.5) == Duration::zero());
}

TEST_CASE("metrics snapshot renders totals, lanes, breakers and percentiles as JSON", "[queue][metrics]") {
    MetricsSnapshot snapshot;
    LaneMetrics lane;
    lane.counters.submitted = 3;
    lane.counters.succeeded = 2;
    lane.counters.dead_lettered = 1;
    lane.depth = 4;
    lane.wait.record(2ms);
    snapshot.total.merge(lane);
    snapshot.lanes["openai"] = lane;
    snapshot.breakers["openai"] = "open";

    const auto json = snapshot.to_json();
    CHECK(json["total"]["submitted"] == 3);
    CHECK(json["total"]["depth"] == 4);
    CHECK(json["lanes"]["openai"]["dead_lettered"] == 1);
    CHECK(json["lanes"]["openai"]["breaker"] == "open");
    CHECK(json["lanes"]["openai"]["wait"]["count"] == 1);
    CHECK(json["lanes"]["openai"]["wait"]["p99_ms"].get<double>() == Approx(2.0).epsilon(0.02));
}
