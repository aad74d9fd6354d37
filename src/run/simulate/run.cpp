#include "run/simulate/run.hpp"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "report/sim_html.hpp"
#include "review/design_input.hpp"
#include "run/console.hpp"
#include "sim/output.hpp"
#include "sim/parameters.hpp"
#include "sim/scenario_file.hpp"
#include "sim/simulation.hpp"
#include "sim/units.hpp"
#include "util/text_file.hpp"
#include "util/text_safety.hpp"

namespace parley::run {

namespace {

int bad_input(const std::string& message) {
    print_error(message);
    return exit_code::bad_input;
}

// Reads the design, problem, --set pairs and scenario file into a request; the exit code when one is bad.
std::optional<int> read_request(const SimulateCommandOptions& options, sim::SimulationRequest* request) {
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
    if (file.ends_with(".json")) {
        return sim::to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    return file.ends_with(".html") ? report::render_simulation_html(report) : sim::to_markdown(report);
}

} // namespace

int run_simulate(const SimulateCommandOptions& options) {
    const auto& out = options.output_file;
    if (!out.empty() && !out.ends_with(".json") && !out.ends_with(".md") && !out.ends_with(".html")) {
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
            print_error(written.error().message);
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

} // namespace parley::run
