// `parley simulate`: a discrete-event simulation of the queue a design describes, printed in seconds or written
// as JSON, Markdown or HTML.

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "run/simulate/run.hpp"
#include "sim/parameters.hpp"

namespace parley::app {

namespace {

std::string parameter_help() {
    std::string text = "Parameters for --set NAME=VALUE (and a scenario file's \"set\"):\n";
    for (const auto& [name, description] : sim::parameter_names()) {
        text += "  " + name + std::string(name.size() < 22 ? 22 - name.size() : 1, ' ') + description + "\n";
    }
    return text;
}

} // namespace

Command add_simulate_command(CLI::App& app) {
    auto options = std::make_shared<run::SimulateCommandOptions>();
    auto* cmd =
        app.add_subcommand("simulate", "Simulate the queue a design describes: peak, outage, slowdown, retry storm");
    cmd->add_option("design", options->design_file, "The design (Markdown or text), or a debate JSON")->required();
    cmd->add_option("--problem", options->problem_file, "The problem statement: its workload and requirements");
    cmd->add_option("--set", options->sets, "Set a parameter, NAME=VALUE (repeatable; overrides the design)");
    cmd->add_option("--scenario", options->scenario_file, "A scenario file (JSON; see docs/simulate.md)");
    cmd->add_option("--duration", options->duration, "Virtual time of each default scenario (default 2h)");
    cmd->add_option("--seed", options->seed, "Random seed; the same seed gives the same result (default 1)");
    cmd->add_option("-o,--output", options->output_file, "Also write the report to FILE.json, FILE.md or FILE.html");
    cmd->footer("Examples:\n"
                "  parley simulate examples/designs/redis-streams/sound.md --problem examples/task-queue/problem.md\n"
                "  parley simulate design.md --set workers=50 --set lease=30s -o sim.html\n"
                "  parley simulate design.md --scenario scenarios.json --seed 7 -o sim.json\n" +
                parameter_help() +
                "Exit codes: 0 simulated (whatever it found), 2 bad input (missing file, bad --set or scenario, "
                "parameters out of range, or too few numbers to simulate).");
    return {cmd, [options] {
                return run::run_simulate(*options);
            }};
}

} // namespace parley::app
