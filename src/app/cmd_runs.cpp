// `parley runs [DIR]`: the debates, evaluations and sweeps under a folder; flags, then one call into the run library.

#include <memory>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "run/runs/runs.hpp"

namespace parley::app {

namespace {

/// The flags of `parley runs`.
struct RunsFlags {
    run::RunsOptions options;
    bool verbose = false;
    bool quiet = false;
};

} // namespace

Command add_runs_command(CLI::App& app) {
    auto flags = std::make_shared<RunsFlags>();
    auto& o = flags->options;
    auto* cmd = app.add_subcommand("runs", "List the debates, evals and sweeps under a folder, newest first");
    cmd->add_option("folder", o.folder, "The folder to look in (and below)")->capture_default_str();
    cmd->add_option("--kind", o.kind, "Only runs of this kind")->check(CLI::IsMember({"debate", "eval", "sweep"}));
    cmd->add_option("--since", o.since, "Only runs from then on: a date (2026-12-01) or an age (30m, 24h, 7d)");
    cmd->add_option("--problem", o.problem, "Only runs whose problem contains TEXT (any case)");
    cmd->add_option("--status", o.status, "Only runs whose status contains TEXT (completed, failed, ...)");
    cmd->add_option("--max-depth", o.max_depth, "How many folders down to look")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    cmd->add_option("--html", o.html_file, "Write one page that links every report, with a sortable, filterable table");
    cmd->add_option("-o,--output", o.output_file, "Write the list to FILE: .csv, .json, .html, else a text table");
    cmd->add_flag("--json", o.json, "Print the list as JSON");
    add_verbosity(*cmd, flags->verbose, flags->quiet);
    cmd->footer(footer_with("  parley runs\n"
                            "  parley runs out --kind debate --since 7d --problem webhook\n"
                            "  parley runs . --html index.html\n"
                            "  parley runs sweeps -o runs.csv\n"));
    return {cmd, [flags] {
                auto options = flags->options;
                options.quiet = flags->quiet;
                return run::run_runs(options);
            }};
}

} // namespace parley::app
