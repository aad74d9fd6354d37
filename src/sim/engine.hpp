#pragma once
// The discrete-event simulation of a model under one scenario: virtual time, one thread, the same result for the
// same seed. Memory is bounded by the model (slots, the backlog cap, time buckets), never by how many jobs ran.

#include <cstdint>
#include <optional>
#include <string>

#include "sim/model.hpp"

namespace parley::sim {

/// Why `model` cannot be run under `scenario` (one line), or nullopt: rates, times, counts and probabilities
/// that are negative, not finite or too large, and runs that would see more than kMaxExpectedJobs jobs.
std::optional<std::string> check_model(const Model& model, const Scenario& scenario);

/// Runs `scenario` on `model` (which check_model accepted) with `seed`; `buckets` time buckets (0: one per
/// minute, at most 120).
RunResult run_scenario(const Model& model, const Scenario& scenario, std::uint64_t seed, std::size_t buckets = 0);

/// The largest arrival rate `scenario` sees, in jobs per second.
double highest_rate(const Model& model, const Scenario& scenario);

} // namespace parley::sim
