#pragma once
// The commands of the parley executable. Each file adds one command's flags to the CLI and returns what to run
// once they are parsed; main only wires them.

#include <functional>

#include <CLI/CLI.hpp>

namespace parley::app {

/// A command added to the CLI: its subcommand, and what it does when chosen (returns the exit code).
struct Command {
    CLI::App* cli = nullptr;
    std::function<int()> run;
};

/// `parley debate`: one debate per problem.
[[nodiscard]] Command add_debate_command(CLI::App& app);

/// `parley resume ID`: continues a run of the journal.
[[nodiscard]] Command add_resume_command(CLI::App& app);

/// `parley report DEBATE.json`: renders a saved debate.
[[nodiscard]] Command add_report_command(CLI::App& app);

/// `parley review DESIGN.md`: the deterministic task-queue design review.
[[nodiscard]] Command add_review_command(CLI::App& app);

/// `parley simulate DESIGN.md`: a discrete-event simulation of the design's queue.
[[nodiscard]] Command add_simulate_command(CLI::App& app);

/// `parley eval`: evaluator panels scoring a debate or a design.
[[nodiscard]] Command add_eval_command(CLI::App& app);

/// `parley init`: writes a ready config for one model server.
[[nodiscard]] Command add_init_command(CLI::App& app);

/// `parley runs [DIR]`: the debates, evals and sweeps under a folder.
[[nodiscard]] Command add_runs_command(CLI::App& app);

/// `parley cache stats|clear`: the shared cache that --cache fills.
[[nodiscard]] Command add_cache_command(CLI::App& app);

/// `parley config check FILE`: validates a config.
[[nodiscard]] Command add_config_command(CLI::App& app);

/// `parley sweep SWEEP.json`: a matrix of debates.
[[nodiscard]] Command add_sweep_command(CLI::App& app);

/// `parley worker --redis URL`: runs the debates of sweeps enqueued in Redis.
[[nodiscard]] Command add_worker_command(CLI::App& app);

} // namespace parley::app
