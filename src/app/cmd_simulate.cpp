// `parley simulate`: a discrete-event simulation of the queue a design describes, printed in seconds or written
// as JSON, Markdown or HTML.

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "report/sim_html.hpp"
#include "review/design_input.hpp"
#include "run/console.hpp"
#include "sim/output.hpp"
#include "sim/parameters.hpp"
#include "sim/scenario_file.hpp"
#include "sim/simulation.hpp"
#include "sim/units.hpp"
#include "util/terminal_safe.hpp"
#include "util/text_file.hpp"

namespace parley::app {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Flags of `parley simulate`.
struct SimulateOptions {
    std::string design_file;
    std::string problem_file;
    std::vector<std::string> sets;
    std::string scenario_file;
    std::string duration = "2h";
    std::uint64_t seed = 1;
    std::string output_file; ///< empty: the summary only
};

int bad_input(const std::string& message) {
    run::print_error(message);
    return exit_code::bad_input;
}

// Reads the design, problem, --set pairs and scenario file into a request; the exit code when one is bad.
std::optional<int> read_request(const SimulateOptions& options, sim::SimulationRequest* request) {
    const auto duration = sim::parse_duration(options.duration);
    if (!duration || !(*duration > 0)) {
        return bad_input("--duration " + options.duration + ": not a positive duration (\"2h\", \"90m\", \"3600\")");
    }
    request->duration = *duration;
    request->seed = options.seed;
    auto design = review::read_design(options.design_file);
    if (!design) {
        return bad_input(design.error().message);
    }
    request->inputs.design = std::move(*design);
    if (!options.problem_file.empty()) {
        auto problem = review::read_problem(options.problem_file);
        if (!problem) {
            return bad_input(problem.error().message);
        }
        request->inputs.problem = std::move(*problem);
    }
    for (const auto& set : options.sets) {
        const auto eq = set.find('=');
        if (eq == std::string::npos || eq == 0) {
            return bad_input("--set " + set + ": expected NAME=VALUE");
        }
        request->inputs.sets.emplace_back(set.substr(0, eq), set.substr(eq + 1));
    }
    if (!options.scenario_file.empty()) {
        auto text = util::read_text_file(options.scenario_file, sim::kMaxScenarioFileBytes);
        if (!text) {
            return bad_input(text.error().message);
        }
        auto file = sim::parse_scenario_file(*text, options.scenario_file, *duration);
        if (!file) {
            return bad_input(file.error().message);
        }
        request->scenarios = std::move(file->scenarios);
        request->inputs.scenario_sets = std::move(file->sets);
    }
    return std::nullopt;
}

std::string rendered(const sim::SimulationReport& report, const std::string& file) {
    if (ends_with(file, ".json")) {
        return sim::to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    return ends_with(file, ".html") ? report::render_simulation_html(report) : sim::to_markdown(report);
}

int run_simulate(const SimulateOptions& options) {
    const auto& out = options.output_file;
    if (!out.empty() && !ends_with(out, ".json") && !ends_with(out, ".md") && !ends_with(out, ".html")) {
        return bad_input("-o " + out + ": unknown extension (use .json, .md or .html)");
    }
    sim::SimulationRequest request;
    if (auto code = read_request(options, &request)) {
        return *code;
    }
    const auto started = std::chrono::steady_clock::now();
    auto report = sim::simulate(request);
    if (!report) {
        return bad_input(report.error().message);
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::uint64_t jobs = 0;
    for (const auto& run : report->runs) {
        jobs += run.arrivals;
    }
    // The summary quotes the design's words; a terminal must not run escape sequences hidden in them.
    const auto summary = util::terminal_safe(sim::to_summary(*report));
    std::fwrite(summary.data(), 1, summary.size(), stdout);
    if (!out.empty()) {
        if (auto written = util::write_file_atomically(out, rendered(*report, out)); !written) {
            run::print_error(written.error().message);
            return exit_code_for(written.error().kind);
        }
        std::printf("simulation: %s\n", out.c_str());
    }
    if (report->cannot) {
        return exit_code::bad_input;
    }
    std::fprintf(stderr, "simulated %s jobs in %s of wall time (seed %llu)\n",
                 sim::format_count(static_cast<double>(jobs)).c_str(), sim::format_seconds(wall).c_str(),
                 static_cast<unsigned long long>(options.seed));
    return exit_code::ok;
}

std::string parameter_help() {
    std::string text = "Parameters for --set NAME=VALUE (and a scenario file's \"set\"):\n";
    for (const auto& [name, description] : sim::parameter_names()) {
        text += "  " + name + std::string(name.size() < 22 ? 22 - name.size() : 1, ' ') + description + "\n";
    }
    return text;
}

} // namespace

Command add_simulate_command(CLI::App& app) {
    auto options = std::make_shared<SimulateOptions>();
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
                return run_simulate(*options);
            }};
}

} // namespace parley::app
