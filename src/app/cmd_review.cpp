// `parley review`: the deterministic task-queue design review, printed or written as JSON or Markdown, with an
// optional model panel beside it; flags, then one call into the run library.

#include <cstdint>
#include <memory>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "run/review/run.hpp"

namespace parley::app {

namespace {

/// The flags of `parley review` as CLI11 fills them.
struct ReviewFlags {
    run::ReviewCommandOptions options;
    BudgetFlags budget;
    bool verbose = false;
    bool quiet = false;
};

run::ReviewCommandOptions options_of(const CLI::App& cmd, const ReviewFlags& flags) {
    auto o = flags.options;
    apply_budget_flags(cmd, flags.budget, o);
    o.env_file_required = cmd.count("--env-file") > 0;
    o.verbosity = verbosity_of(flags.verbose, flags.quiet);
    o.quiet = flags.quiet;
    return o;
}

} // namespace

Command add_review_command(CLI::App& app) {
    auto flags = std::make_shared<ReviewFlags>();
    auto& o = flags->options;
    auto* cmd = app.add_subcommand("review", "Review a task-queue design: checklist, capacity math, requirements");
    cmd->add_option("design", o.design_file, "The design (Markdown or text), or a debate JSON")->required();
    cmd->add_option("--problem", o.problem_file, "The problem statement, to map its requirements");
    cmd->add_option("-o,--output", o.output_file, "Write the review to FILE.json or FILE.md instead of stdout");
    cmd->add_option("--panel", o.panel_file,
                    "An eval config whose evaluators also review each concern; shown beside the rules");
    cmd->add_option("--env-file", o.env_file, "File of KEY=VALUE lines for the panel's API keys")
        ->capture_default_str();
    auto* journal = cmd->add_option("--journal", o.journal_file,
                                    "The panel's journal of finished calls (SQLite); default: debates/journal.sqlite");
    cmd->add_option("--replay", o.replay_file, "Run the panel entirely from a recorded JOURNAL, with no network")
        ->excludes(journal);
    cmd->add_flag("--cache", o.cache,
                  "Keep panel answers in the shared cache (~/.cache/parley) and reuse them in any run: a hit costs $0");
    cmd->add_option("--cache-dir", o.cache_dir, "The shared cache's folder (implies --cache)");
    add_budget_flags(*cmd, flags->budget, "a panel call");
    add_verbosity(*cmd, flags->verbose, flags->quiet);
    cmd->footer("Examples:\n"
                "  parley review examples/designs/kafka/sound.md\n"
                "  parley review design.md --problem examples/task-queue/problem.md -o review.json\n"
                "  parley review debates/deb-20261123-101500-k3x.json -o review.md\n"
                "  parley review design.md --panel examples/eval/eval_config.json -o review.md\n"
                "Exit codes: 0 reviewed (whatever it found), 1 every panel call failed, 2 bad input (missing file, "
                "not UTF-8, over 1 MiB, unknown -o extension, bad panel config), 3 a panel provider refused, "
                "130 interrupted.");
    return {cmd, [cmd, flags] {
                return run::run_review(options_of(*cmd, *flags));
            }};
}

} // namespace parley::app
