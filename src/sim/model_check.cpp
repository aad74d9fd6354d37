// check_model: the bounds every model and scenario must keep, so a hostile number ends in one line, not a hang.

#include <cmath>
#include <string>

#include "sim/engine.hpp"
#include "sim/units.hpp"

namespace parley::sim {

namespace {

/// The most slots (workers × concurrency) a model may have: each is a few bytes of memory.
constexpr double kMaxSlots = 1e7;

bool finite_at_least(double x, double low) {
    return std::isfinite(x) && x >= low;
}

std::optional<std::string> check_times(const Model& m) {
    if (!finite_at_least(m.service.mean, 0) || !(m.service.mean > 0) || m.service.mean > 1e9) {
        return "job time must be a positive number of seconds under 1e9 (it is " + format_count(m.service.mean) + ")";
    }
    if (m.service.kind == ServiceTime::Kind::lognormal &&
        (!std::isfinite(m.service.mu) || !finite_at_least(m.service.sigma, 0) || m.service.sigma > 10)) {
        return "lognormal job time needs a finite median and a spread (sigma) between 0 and 10";
    }
    if (!finite_at_least(m.lease, 0) || !finite_at_least(m.backoff_base, 0) || !finite_at_least(m.backoff_cap, 0) ||
        !finite_at_least(m.restart_seconds, 0) || !finite_at_least(m.burst_period, 0) ||
        !finite_at_least(m.burst_length, 0)) {
        return "lease, backoff, restart and burst times must be finite and not negative";
    }
    if (m.shape == ArrivalShape::bursts && !(m.burst_period > 0)) {
        return "bursts need a period greater than 0";
    }
    return std::nullopt;
}

std::optional<std::string> check_counts(const Model& m) {
    const double slots = static_cast<double>(m.workers) * m.concurrency;
    if (m.concurrency == 0) {
        return "concurrency must be at least 1 job per worker";
    }
    if (slots > kMaxSlots) {
        return "workers × concurrency is " + format_count(slots) + " slots; at most " + format_count(kMaxSlots) +
               " can be simulated";
    }
    if (m.classes.empty() || m.classes.size() > kMaxClasses) {
        return "between 1 and " + std::to_string(kMaxClasses) + " priority classes can be simulated (there are " +
               std::to_string(m.classes.size()) + ")";
    }
    double total = 0;
    for (const auto& c : m.classes) {
        if (!finite_at_least(c.share, 0) || !finite_at_least(c.weight, 0) || c.weight > 1e9) {
            return "priority class '" + c.name + "': share and weight must be finite and not negative";
        }
        total += c.share;
    }
    if (!(total > 0)) {
        return "the priority classes' shares add up to 0";
    }
    if (m.max_attempts == 0) {
        return "attempts must be at least 1";
    }
    if (m.backlog_cap == 0 || m.backlog_cap > 50'000'000) {
        return "the simulated backlog cap must be between 1 and 50,000,000 jobs";
    }
    return std::nullopt;
}

std::optional<std::string> check_rates(const Model& m) {
    for (double p : {m.transient_failure, m.permanent_failure}) {
        if (!(p >= 0 && p <= 1)) {
            return "failure probabilities must be between 0 and 1";
        }
    }
    if (!finite_at_least(m.average_rate, 0) || !finite_at_least(m.peak_rate, 0)) {
        return "arrival rates must be finite and not negative";
    }
    if (!finite_at_least(m.crash_rate_per_hour, 0) || m.crash_rate_per_hour > 3600) {
        return "the worker crash rate must be between 0 and 3600 per worker per hour";
    }
    if (!finite_at_least(m.downstream_rate, 0) || !finite_at_least(m.downstream_burst, 1)) {
        return "the downstream rate limit must be finite and not negative, its burst at least 1";
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> check_model(const Model& model, const Scenario& scenario) {
    if (auto problem = check_times(model)) {
        return problem;
    }
    if (auto problem = check_counts(model)) {
        return problem;
    }
    if (auto problem = check_rates(model)) {
        return problem;
    }
    if (!finite_at_least(scenario.duration, 0) || !(scenario.duration > 0)) {
        return "scenario '" + scenario.name + "': the duration must be a positive number of seconds";
    }
    for (const auto& d : scenario.disturbances) {
        if (!finite_at_least(d.from, 0) || !finite_at_least(d.until, d.from) || !finite_at_least(d.factor, 0) ||
            d.factor > 1e6 || (d.kind == Disturbance::Kind::retry_storm && d.factor > 1)) {
            return "scenario '" + scenario.name +
                   "': a disturbance needs 0 <= from <= until and a finite factor "
                   "(a retry storm's failure probability is at most 1)";
        }
    }
    const double expected = highest_rate(model, scenario) * scenario.duration;
    if (expected > kMaxExpectedJobs) {
        return "scenario '" + scenario.name + "' would simulate " + format_count(expected) + " jobs (" +
               format_count(highest_rate(model, scenario)) + " jobs/s for " + format_seconds(scenario.duration) +
               "); at most " + format_count(kMaxExpectedJobs) + " can be: shorten --duration or check the rate";
    }
    return std::nullopt;
}

} // namespace parley::sim
