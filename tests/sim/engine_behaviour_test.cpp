#include <catch2/catch.hpp>

#include <cmath>

#include "sim/engine.hpp"

using namespace parley::sim;

namespace {

Model queue(double rate, double mean, std::uint32_t workers) {
    Model m;
    m.peak_rate = m.average_rate = rate;
    m.service = exponential_time(mean);
    m.workers = workers;
    return m;
}

Scenario steady(double duration) {
    Scenario s;
    s.name = "peak";
    s.duration = duration;
    return s;
}

double mean_wait(const ClassTotals& c) {
    return c.wait_sum / static_cast<double>(c.started);
}

} // namespace

TEST_CASE("strict priority serves the high class first; weights give each class its share", "[sim]") {
    auto m = queue(9, 1, 10);
    m.classes = {{"high", 1, 6}, {"standard", 1, 3}, {"low", 1, 1}};
    const auto strict = run_scenario(m, steady(20000), 3);
    CHECK(mean_wait(strict.classes[0]) < mean_wait(strict.classes[1]));
    CHECK(mean_wait(strict.classes[1]) < mean_wait(strict.classes[2]));
    m.priority_mode = PriorityMode::weighted;
    const auto weighted = run_scenario(m, steady(20000), 3);
    CHECK(mean_wait(weighted.classes[2]) < mean_wait(strict.classes[2])); // low no longer waits behind everyone
    CHECK(mean_wait(weighted.classes[0]) < mean_wait(weighted.classes[2]));
}

TEST_CASE("poison jobs are retried up to the attempts, then dead-lettered", "[sim]") {
    auto m = queue(10, 0.1, 10);
    m.permanent_failure = 1;
    m.max_attempts = 4;
    m.backoff_base = 0.01;
    const auto r = run_scenario(m, steady(1000), 4);
    CHECK(r.completions == 0);
    CHECK(r.dead_letters > 9000);
    CHECK(r.retries >= 3 * r.dead_letters);
    CHECK(r.retries <= 3 * r.arrivals);
}

TEST_CASE("a queue bound rejects, drops the oldest or blocks", "[sim]") {
    auto m = queue(20, 1, 10); // twice the capacity
    m.queue_bound = 100;
    const auto rejected = run_scenario(m, steady(2000), 5);
    CHECK(rejected.rejections > 15000);
    CHECK(rejected.buckets.back().max_depth <= 100);
    m.bound_policy = BoundPolicy::drop_oldest;
    const auto dropped = run_scenario(m, steady(2000), 5);
    CHECK(dropped.dropped > 15000);
    CHECK(dropped.rejections == 0);
    m.bound_policy = BoundPolicy::block;
    const auto blocked = run_scenario(m, steady(2000), 5);
    CHECK(blocked.rejections == 0);
    CHECK(blocked.unbounded); // the producers' blocked jobs are the backlog now
}

TEST_CASE("a downstream rate limit caps the throughput below the workers' capacity", "[sim]") {
    auto m = queue(50, 0.1, 100);
    m.downstream_rate = 20;
    const auto r = run_scenario(m, steady(1000), 6);
    const double throughput = static_cast<double>(r.completions) / r.duration;
    CHECK(throughput < 20.5);
    CHECK(r.unbounded);
    CHECK(r.growth_per_second == Approx(30).epsilon(0.1));
}

TEST_CASE("arrivals past capacity grow the backlog without bound at the excess rate, in bounded memory", "[sim]") {
    auto m = queue(1000, 1, 0); // no workers at all
    m.backlog_cap = 10000;
    const auto r = run_scenario(m, steady(600), 7);
    CHECK(r.unbounded);
    CHECK(r.capped);
    CHECK(r.beyond_cap > 500000);
    CHECK(r.growth_per_second == Approx(1000).epsilon(0.02));
    CHECK(r.completions == 0);
}

TEST_CASE("an outage builds a backlog that drains after it; the drain time is reported", "[sim]") {
    auto m = queue(8, 1, 10);
    m.lease = 5;
    m.heartbeat = true;
    Scenario s = steady(4000);
    s.disturbances.push_back({Disturbance::Kind::outage, 1000, 1100, 1, 0});
    const auto r = run_scenario(m, s, 8);
    // 100 s without workers leave about 800 jobs; 2 jobs/s of headroom clear them in roughly 400 s.
    CHECK(r.drain_seconds > 200);
    CHECK(r.drain_seconds < 900);
    CHECK(r.redelivered > 0);
    CHECK_FALSE(r.unbounded);
}

TEST_CASE("without a lease the jobs of a crashed worker are lost", "[sim]") {
    auto m = queue(5, 1, 10);
    m.crash_rate_per_hour = 6;
    const auto lost = run_scenario(m, steady(3600), 9);
    CHECK(lost.crashes > 30);
    CHECK(lost.lost > 0);
    m.lease = 30;
    m.heartbeat = true;
    const auto leased = run_scenario(m, steady(3600), 9);
    CHECK(leased.lost == 0);
    CHECK(leased.redelivered > 0);
}

TEST_CASE("a slowdown and a retry storm show up in their windows", "[sim]") {
    auto m = queue(5, 1, 10);
    m.max_attempts = 5;
    m.backoff_base = 0.1;
    Scenario s = steady(3000);
    s.disturbances.push_back({Disturbance::Kind::slowdown, 1000, 1500, 3, 0});
    s.disturbances.push_back({Disturbance::Kind::retry_storm, 2000, 2500, 0.5, 0});
    const auto r = run_scenario(m, s, 10, 6);
    REQUIRE(r.buckets.size() == 6);
    CHECK(r.buckets[2].mean_depth > 10 * (r.buckets[0].mean_depth + 1));
    CHECK(r.buckets[4].retries > 500);
    CHECK(r.buckets[0].retries == 0);
}

TEST_CASE("hostile parameters are refused in one line before anything runs", "[sim][hostile]") {
    const auto base = queue(10, 1, 10);
    const auto s = steady(7200);
    auto refused = [&](auto change, const char* words) {
        Model m = base;
        Scenario sc = s;
        change(m, sc);
        const auto problem = check_model(m, sc);
        INFO(words);
        REQUIRE(problem);
        CHECK(problem->find('\n') == std::string::npos);
        CHECK_THAT(*problem, Catch::Contains(words));
    };
    refused([](Model& m, Scenario&) { m.peak_rate = 1e12; }, "jobs");
    refused([](Model& m, Scenario&) { m.service.mean = std::nan(""); }, "job time");
    refused([](Model& m, Scenario&) { m.service.mean = -1; }, "job time");
    refused([](Model& m, Scenario&) { m.lease = -5; }, "lease");
    refused([](Model& m, Scenario&) { m.classes.resize(17); }, "priority classes");
    refused([](Model&, Scenario& sc) { sc.duration = 100 * 365.25 * 86400; }, "at most");
    refused([](Model&, Scenario& sc) { sc.duration = std::nan(""); }, "duration");
    refused([](Model& m, Scenario&) { m.workers = 4'000'000'000U; }, "slots");
    Model slow = base;
    slow.peak_rate = 1e-6; // a hundred years of a job a week is a small run
    Scenario century = s;
    century.duration = 100 * 365.25 * 86400;
    CHECK_FALSE(check_model(slow, century));
    const auto r = run_scenario(slow, century, 1);
    CHECK(r.buckets.size() == 120);
}
