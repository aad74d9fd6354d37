// `parley sweep SWEEP.json`: flags, then one call into the run library.

#include <memory>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "run/sweep/diff.hpp"
#include "run/sweep/remote.hpp"
#include "run/sweep/run.hpp"

namespace parley::app {

namespace {

/// The flags of `parley sweep` as CLI11 fills them.
struct SweepFlags {
    run::SweepOptions options;
    run::RemoteSweepOptions remote;
    run::SweepDiffOptions diff;
    std::string eval;
    std::string design;
    std::string baseline;
    bool no_preflight = false;
    bool no_chat_check = false;
    bool verbose = false;
    bool quiet = false;
};

void add_sweep_flags(CLI::App& cmd, SweepFlags& f) {
    cmd.add_option("sweep", f.options.sweep_file, "The sweep file (JSON: problems, configs, optional seeds and eval)")
        ->check(CLI::ExistingFile);
    cmd.add_option("-p,--problem", f.options.problems,
                   "Problem file or folder of *.md files; repeat it. Replaces the sweep file's problems");
    cmd.add_option("-c,--config", f.options.configs, "Debate config file; repeat it. Replaces the file's configs");
    cmd.add_option("--seed", f.options.seeds, "Seed; repeat it. Replaces the file's seeds")
        ->check(whole_number(0, UINT64_MAX));
    cmd.add_option("--eval", f.eval, "Eval config applied to every debate. Replaces the file's eval");
    cmd.add_option("--design", f.design,
                   "Design every problem's debates review instead of proposing (see `parley debate --design`). "
                   "Replaces the file's design");
    cmd.add_option("--baseline", f.baseline,
                   "Run every debate's equal-cost baseline (see `parley debate --baseline`). Replaces the file's "
                   "baseline")
        ->check(CLI::IsMember({"vote"}));
    cmd.add_option("-o,--output", f.options.output_dir,
                   "Folder for the debates, reports, journal and sweep index; default: sweeps/SWEEP_ID");
    cmd.add_flag("--dry-run", f.options.dry_run, "Print the matrix, the number of calls and the cost range");
    cmd.add_option("--env-file", f.options.env_file, "File of KEY=VALUE lines for API keys")->capture_default_str();
    cmd.add_option("--log-file", f.options.log_file, "Also write every log line as JSON to FILE");
    cmd.add_option("--redis", f.remote.redis_url,
                   "Enqueue the jobs into Redis (redis://[:password@]host:port/db) for `parley worker`s to run");
    cmd.add_flag("--detach", f.remote.detach, "With --redis: return once the jobs are enqueued");
    cmd.add_flag("--no-preflight", f.no_preflight,
                 "Skip the check that every provider endpoint answers (connect, GET /models) before the first call");
    cmd.add_flag("--no-chat-check", f.no_chat_check,
                 "Skip the one-token chat call the check sends each model after GET /models answers (a few tokens)");
    add_verbosity(cmd, f.verbose, f.quiet);
}

// `parley sweep status|collect|redrive SWEEP_ID --redis URL`.
CLI::App* add_remote_command(CLI::App& sweep, const std::string& name, const std::string& what, SweepFlags& f) {
    auto* cmd = sweep.add_subcommand(name, what);
    cmd->add_option("sweep_id", f.remote.sweep_id, "The sweep id (as `parley sweep --redis` printed it)")->required();
    cmd->add_option("--redis", f.remote.redis_url, "The Redis the sweep was enqueued in")->required();
    return cmd;
}

// `parley sweep diff OLD_DIR NEW_DIR`.
CLI::App* add_diff_command(CLI::App& sweep, run::SweepDiffOptions& options) {
    auto* cmd = sweep.add_subcommand(
        "diff", "Compare two sweep folders debate by debate (problem x config x seed): requirements, review flags, "
                "scores, cost, tokens, time, and the lift over a baseline");
    cmd->add_option("old_dir", options.old_dir, "The earlier sweep's folder (as `parley sweep -o` wrote it)")
        ->required();
    cmd->add_option("new_dir", options.new_dir, "The later sweep's folder")->required();
    cmd->add_option("-o,--output", options.output.output_file, "Write to FILE.md, FILE.html or FILE.csv, not stdout");
    cmd->add_flag("--fail-on-regression", options.output.fail_on_regression,
                  "Exit 4 when a requirement went from met to not met, a review flag appeared or a score's 95% "
                  "interval lies below 0");
    cmd->add_flag("-q,--quiet", options.output.quiet, "Print only errors (no lines after -o)");
    cmd->footer(footer_with("  parley sweep diff sweeps/before sweeps/after\n"
                            "  parley sweep diff sweeps/before sweeps/after -o diff.html --fail-on-regression\n"
                            "  parley sweep diff sweeps/before sweeps/after -o diff.csv\n"));
    return cmd;
}

} // namespace

Command add_sweep_command(CLI::App& app) {
    auto flags = std::make_shared<SweepFlags>();
    auto* cmd = app.add_subcommand("sweep", "Run a matrix of debates: problems x configs x seeds");
    add_sweep_flags(*cmd, *flags);
    auto* status =
        add_remote_command(*cmd, "status", "Show how far a sweep in Redis has got, and its dead jobs", *flags);
    auto* collect = add_remote_command(
        *cmd, "collect", "Write every finished debate of a sweep in Redis and the sweep index into a folder", *flags);
    collect->add_option("-o,--output", flags->remote.output_dir, "The folder; default: sweeps/SWEEP_ID");
    auto* redrive = add_remote_command(*cmd, "redrive", "Queue a sweep's dead jobs again", *flags);
    auto* diff = add_diff_command(*cmd, flags->diff);
    cmd->footer(footer_with("  parley sweep sweep.json --dry-run\n"
                            "  parley sweep sweep.json -o results/\n"
                            "  parley sweep -p problems/ -c configs/default.json -c configs/openai.json --seed 1 "
                            "--seed 2\n"
                            "  parley sweep sweep.json --redis redis://127.0.0.1:6379/0 --detach\n"
                            "  parley sweep status sw-0123456789ab --redis redis://127.0.0.1:6379/0\n"
                            "  parley sweep collect sw-0123456789ab --redis redis://127.0.0.1:6379/0 -o results/\n"
                            "  parley sweep diff sweeps/before sweeps/after -o diff.html --fail-on-regression\n"));
    return {cmd, [cmd, status, collect, redrive, diff, flags] {
                if (*diff) {
                    return run::run_sweep_diff(flags->diff);
                }
                if (*status) {
                    return run::sweep_status(flags->remote);
                }
                if (*collect) {
                    return run::collect_sweep(flags->remote);
                }
                if (*redrive) {
                    return run::redrive_sweep(flags->remote);
                }
                auto options = flags->options;
                if (cmd->count("--design")) {
                    options.design = flags->design;
                }
                if (cmd->count("--eval")) {
                    options.eval = flags->eval;
                }
                if (cmd->count("--baseline")) {
                    options.baseline = flags->baseline;
                }
                options.env_file_required = cmd->count("--env-file") > 0;
                options.preflight = !flags->no_preflight;
                options.chat_check = !flags->no_chat_check;
                options.verbosity = verbosity_of(flags->verbose, flags->quiet);
                if (!flags->remote.redis_url.empty() && !options.dry_run) {
                    return run::enqueue_sweep(options, flags->remote);
                }
                return run::run_sweep(options);
            }};
}

} // namespace parley::app
