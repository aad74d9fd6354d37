#pragma once
// `parley simulate` as a library call: the parameters a design states, the scenarios to run, the runs, and the
// verdicts against the problem's requirements.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/model.hpp"
#include "sim/parameters.hpp"
#include "util/error.hpp"

namespace parley::sim {

/// A requirement checked against a run: "p95 start within 500 ms at peak: not met, 2.4 s".
struct Verdict {
    std::size_t line = 0;    ///< of the problem (or of the design, for its own targets)
    std::string source;      ///< "problem" or "design"
    std::string requirement; ///< the line, shortened
    std::string check;       ///< what was checked: "p95 wait at peak <= 500 ms"
    std::string scenario;    ///< the run it was checked on
    bool checked = false;    ///< false: the runs cannot tell (see `simulated`)
    bool met = false;
    std::string simulated; ///< the simulated number, or why it was not checked
};

/// What to simulate.
struct SimulationRequest {
    ParameterInputs inputs;
    std::vector<Scenario> scenarios; ///< empty: peak, and one outage
    double duration = 7200;          ///< of the default scenarios, and of file scenarios that give none
    std::uint64_t seed = 1;
    /// The model already built from `inputs` (build_model), when the caller needed it first: reading a large design
    /// is the costliest step after the runs, so it is done once.
    std::optional<ModelBuild> built;
};

/// What was simulated and found.
struct SimulationReport {
    ModelBuild build;
    std::uint64_t seed = 1;
    std::vector<Scenario> scenarios;
    std::vector<RunResult> runs; ///< one per scenario, in order
    std::vector<Verdict> verdicts;
    /// Set when nothing could be run: "cannot simulate: no arrival rate stated" (the missing list is in build)
    std::optional<std::string> cannot;
};

/// The default scenarios for runs of `duration` seconds: peak, and every worker down for 5 minutes a quarter of
/// the way in.
std::vector<Scenario> default_scenarios(double duration);

/// Builds the model, runs every scenario (in parallel when the machine has cores to spare; each run is one
/// thread with its own seed, so the result is the same) and checks the requirements. Errors
/// (ErrorKind::invalid_input): a bad --set or scenario value, or parameters the engine refuses (one line).
Result<SimulationReport> simulate(const SimulationRequest& request);

/// The runs' verdicts against the requirements of `problem` (or, without one, the design's own targets).
std::vector<Verdict> check_requirements(const SimulationReport& report, const std::optional<std::string>& problem,
                                        const std::string& design);

/// The `q` quantile of the waits (or latencies, `latency`) of every class of `run`.
double run_quantile(const RunResult& run, double q, bool latency);

} // namespace parley::sim
