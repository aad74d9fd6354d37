#pragma once
// The simulation's parameters and where each came from: a line of the design, the problem, --set, the scenario
// file, or a default that is an assumption. Builds the Model the engine runs.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/model.hpp"
#include "util/error.hpp"

namespace parley::sim {

/// One parameter as the simulation used it.
struct Parameter {
    std::string name;
    std::string value;  ///< for people: "1,667 jobs/s", "60 s", "weighted 6:3:1"
    std::string source; ///< "design line 4: …", "problem line 2: …", "--set", "scenario file", "assumed (default)"
    bool assumed = false;
};

/// What the parameters are read from.
struct ParameterInputs {
    std::string design;
    std::optional<std::string> problem;
    std::vector<std::pair<std::string, std::string>> sets;          ///< --set NAME=VALUE, in order
    std::vector<std::pair<std::string, std::string>> scenario_sets; ///< the scenario file's "set"
};

/// The model and how it was made.
struct ModelBuild {
    Model model;
    std::vector<Parameter> parameters;
    std::vector<std::string> missing; ///< what must be stated (or --set) before anything can be simulated
    std::vector<std::string> notes;   ///< how figures were read (a fit that was capped, a range read as p99.9)
};

/// The names --set and a scenario file's "set" accept, each with a one-line description, for --help.
std::vector<std::pair<std::string, std::string>> parameter_names();

/// Reads the parameters and builds the model. Errors (ErrorKind::invalid_input): an unknown name or a value that
/// is not one of its type ("--set workers=-3: not a count").
Result<ModelBuild> build_model(const ParameterInputs& inputs);

} // namespace parley::sim
