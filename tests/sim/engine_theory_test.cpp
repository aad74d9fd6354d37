#include <catch2/catch.hpp>

#include <cmath>

#include "sim/engine.hpp"

using namespace parley::sim;

namespace {

// Erlang C through the Erlang B recursion (stable for any number of servers): the probability that an arrival
// waits in an M/M/c queue with offered load `load` (arrival rate × mean job time) and `servers` servers.
double erlang_c(double load, int servers) {
    double b = 1;
    for (int k = 1; k <= servers; ++k) {
        b = load * b / (k + load * b);
    }
    const double rho = load / servers;
    return b / (1 - rho * (1 - b));
}

Model queue(double rate, ServiceTime service, std::uint32_t servers) {
    Model m;
    m.peak_rate = m.average_rate = rate;
    m.service = service;
    m.workers = servers;
    m.concurrency = 1;
    return m;
}

Scenario steady(double duration) {
    Scenario s;
    s.name = "peak";
    s.duration = duration;
    return s;
}

double mean_wait(const RunResult& r) {
    return r.classes[0].wait_sum / static_cast<double>(r.classes[0].started);
}

double waited_share(const RunResult& r) {
    return static_cast<double>(r.classes[0].waited) / static_cast<double>(r.classes[0].started);
}

void check_mmc(double rho, int servers, double jobs, std::uint64_t seed) {
    const double mean = 1;
    const double rate = rho * servers / mean;
    const auto model = queue(rate, exponential_time(mean), static_cast<std::uint32_t>(servers));
    const auto result = run_scenario(model, steady(jobs / rate), seed);
    const double p_wait = erlang_c(rate * mean, servers);
    const double wq = p_wait / (servers / mean - rate);
    INFO("rho " << rho << " c " << servers << ": mean wait " << mean_wait(result) << " vs " << wq << ", P(wait) "
                << waited_share(result) << " vs " << p_wait << ", jobs " << result.completions);
    CHECK(std::abs(mean_wait(result) / wq - 1) < 0.02);
    CHECK(std::abs(waited_share(result) / p_wait - 1) < 0.02);
}

} // namespace

TEST_CASE("M/M/c mean wait and probability of waiting match Erlang C at utilisation 0.5", "[sim][theory]") {
    check_mmc(0.5, 4, 4e6, 11);
}

TEST_CASE("M/M/c mean wait and probability of waiting match Erlang C at utilisation 0.8", "[sim][theory]") {
    check_mmc(0.8, 8, 8e6, 12);
}

// Near saturation the mean wait converges slowly (the standard error is about 1% at 32 million jobs), hence slow.
TEST_CASE("M/M/c mean wait and probability of waiting match Erlang C at utilisation 0.95", "[sim][theory][slow]") {
    check_mmc(0.95, 16, 3.2e7, 3);
}

TEST_CASE("M/D/1 mean wait matches Pollaczek-Khinchine", "[sim][theory]") {
    const double service = 1;
    const double rho = 0.8;
    const auto model = queue(rho / service, fixed_time(service), 1);
    const auto result = run_scenario(model, steady(4e6 / rho), 21);
    const double wq = rho * service / (2 * (1 - rho));
    INFO("mean wait " << mean_wait(result) << " vs " << wq);
    CHECK(std::abs(mean_wait(result) / wq - 1) < 0.02);
}

TEST_CASE("the simulated output obeys Little's law", "[sim][theory]") {
    const auto model = queue(7, lognormal_from_median_mean(0.8, 1).value(), 8);
    const auto result = run_scenario(model, steady(2e5), 31);
    const auto& c = result.classes[0];
    const double throughput = static_cast<double>(c.completed) / result.duration;
    const double in_system = throughput * c.latency_sum / static_cast<double>(c.completed);
    const double throughput_started = static_cast<double>(c.started) / result.duration;
    const double waiting = throughput_started * c.wait_sum / static_cast<double>(c.started);
    INFO("L " << result.mean_in_system << " vs lambda W " << in_system << "; Lq " << result.mean_waiting << " vs "
              << waiting);
    CHECK(std::abs(in_system / result.mean_in_system - 1) < 0.01);
    CHECK(std::abs(waiting / result.mean_waiting - 1) < 0.01);
}

TEST_CASE("the same seed gives the same run, another seed another", "[sim]") {
    auto model = queue(50, lognormal_from_median_mean(0.1, 0.2).value(), 12);
    model.transient_failure = 0.05;
    model.max_attempts = 3;
    model.lease = 0.5;
    Scenario s = steady(600);
    s.disturbances.push_back({Disturbance::Kind::outage, 100, 160, 1, 6});
    const auto a = run_scenario(model, s, 5);
    const auto b = run_scenario(model, s, 5);
    const auto c = run_scenario(model, s, 6);
    CHECK(a.completions == b.completions);
    CHECK(a.classes[0].wait_sum == b.classes[0].wait_sum);
    CHECK(a.duplicates == b.duplicates);
    CHECK(a.retries == b.retries);
    CHECK(a.classes[0].wait_sum != c.classes[0].wait_sum);
}

TEST_CASE("a lease shorter than the job time hands each job out again until one copy finishes", "[sim][lease]") {
    // 10 s jobs, a 4 s lease, no heartbeat, slots to spare: copies start at 0, 4 and 8 s; the first finishes at 10 s
    // and acknowledges the job, so the third copy's lapse at 12 s hands nothing out. Two duplicates per job.
    auto model = queue(1, fixed_time(10), 100);
    model.lease = 4;
    const auto lapsing = run_scenario(model, steady(10000), 41);
    CHECK(lapsing.duplicates >= 2 * lapsing.completions);
    CHECK(lapsing.duplicates <= 2 * lapsing.arrivals);
    model.heartbeat = true;
    const auto extended = run_scenario(model, steady(10000), 41);
    CHECK(extended.duplicates == 0);
    CHECK(extended.completions == lapsing.completions);
}

TEST_CASE("a job finished by one copy is not finished again by another", "[sim][lease]") {
    // Lapsing leases make copies; failures send copies to retry. A retry that comes due after another copy finished
    // the job hands nothing out: completions and dead letters together never exceed the arrivals. (They did by 10%
    // before a retry looked at whether its job was done.)
    auto model = queue(40, lognormal_from_median_mean(0.2, 0.5).value(), 8);
    model.concurrency = 3;
    model.lease = 0.6;
    model.transient_failure = 0.05;
    model.permanent_failure = 0.01;
    model.max_attempts = 4;
    for (std::uint64_t seed : {8, 9, 10}) {
        for (const bool crashes : {false, true}) {
            model.crash_rate_per_hour = crashes ? 30 : 0;
            const auto r = run_scenario(model, steady(3000), seed);
            INFO("seed " << seed << (crashes ? ", crashes" : "") << ": " << r.completions << " completed, "
                         << r.dead_letters << " dead, " << r.arrivals << " arrived, " << r.duplicates << " duplicates, "
                         << r.retries << " retries");
            CHECK(r.duplicates > 10000);
            CHECK(r.retries > 5000);
            CHECK(r.completions + r.dead_letters <= r.arrivals);
        }
    }
}

TEST_CASE("a lease longer than every job makes no duplicates", "[sim][lease]") {
    auto model = queue(1, fixed_time(10), 100);
    model.lease = 11;
    CHECK(run_scenario(model, steady(10000), 42).duplicates == 0);
}
