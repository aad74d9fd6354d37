#include "sim/simulation.hpp"

#include <algorithm>
#include <thread>

#include "sim/engine.hpp"
#include "sim/units.hpp"

namespace parley::sim {

std::vector<Scenario> default_scenarios(double duration) {
    Scenario peak;
    peak.name = "peak";
    peak.duration = duration;
    Scenario outage = peak;
    outage.name = "outage";
    const double from = duration / 4;
    outage.disturbances.push_back({Disturbance::Kind::outage, from, from + std::min(300.0, duration / 4), 1, 0});
    return {peak, outage};
}

namespace {

// Each scenario's seed: the run's seed mixed with its position, so adding a scenario leaves the others alone.
std::uint64_t scenario_seed(std::uint64_t seed, std::size_t index) {
    return seed * 0x9e3779b97f4a7c15ULL + index;
}

std::vector<RunResult> run_all(const Model& model, const std::vector<Scenario>& scenarios, std::uint64_t seed) {
    std::vector<RunResult> runs(scenarios.size());
    const std::size_t parallel = std::max(1U, std::min(std::thread::hardware_concurrency(), 4U));
    for (std::size_t first = 0; first < scenarios.size(); first += parallel) {
        std::vector<std::jthread> threads;
        for (std::size_t i = first; i < std::min(first + parallel, scenarios.size()); ++i) {
            threads.emplace_back([&, i] { runs[i] = run_scenario(model, scenarios[i], scenario_seed(seed, i)); });
        }
    }
    return runs;
}

} // namespace

double run_quantile(const RunResult& run, double q, bool latency) {
    FineHistogram all;
    for (const auto& c : run.classes) {
        all.merge(latency ? c.latency : c.wait);
    }
    return all.quantile(q);
}

Result<SimulationReport> simulate(const SimulationRequest& request) {
    SimulationReport report;
    if (request.built) {
        report.build = *request.built;
    } else {
        auto build = build_model(request.inputs);
        if (!build) {
            return tl::make_unexpected(build.error());
        }
        report.build = std::move(*build);
    }
    report.seed = request.seed;
    report.scenarios = request.scenarios.empty() ? default_scenarios(request.duration) : request.scenarios;
    if (!report.build.missing.empty()) {
        const auto& first = report.build.missing.front();
        report.cannot = "cannot simulate: no " + first.substr(0, first.find(" (")) + " stated";
        return report;
    }
    for (const auto& scenario : report.scenarios) {
        if (auto problem = check_model(report.build.model, scenario)) {
            return fail(ErrorKind::invalid_input, "cannot simulate: " + *problem);
        }
    }
    report.runs = run_all(report.build.model, report.scenarios, request.seed);
    report.verdicts = check_requirements(report, request.inputs.problem, request.inputs.design);
    return report;
}

} // namespace parley::sim
