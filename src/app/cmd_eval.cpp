// `parley eval`: evaluator panels that score a debate or a design, with agreement statistics; flags, then one call
// into the run library.

#include <cstdint>
#include <memory>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "run/eval/run.hpp"

namespace parley::app {

namespace {

/// The flags of `parley eval` as CLI11 fills them.
struct EvalFlags {
    run::EvalOptions options;
    BudgetFlags budget;
    bool no_preflight = false;
    bool no_chat_check = false;
    bool verbose = false;
    bool quiet = false;
};

run::EvalOptions options_of(const CLI::App& cmd, const EvalFlags& flags) {
    auto o = flags.options;
    apply_budget_flags(cmd, flags.budget, o);
    o.env_file_required = cmd.count("--env-file") > 0;
    o.preflight = !flags.no_preflight;
    o.chat_check = !flags.no_chat_check;
    o.verbosity = verbosity_of(flags.verbose, flags.quiet);
    return o;
}

} // namespace

Command add_eval_command(CLI::App& app) {
    auto flags = std::make_shared<EvalFlags>();
    auto& o = flags->options;
    auto* cmd = app.add_subcommand("eval", "Score a debate or a design with an evaluator panel, with agreement "
                                           "statistics");
    cmd->add_option("design", o.design_file, "A design document (Markdown or text) or a debate JSON to score");
    cmd->add_option("-c,--config", o.config_file,
                    "Evaluator panel config (dialectic's format); default: the built-in offline panel");
    cmd->add_option("-d,--debate", o.debate_file, "A saved debate JSON (parley's or dialectic's) to score");
    cmd->add_option("--problem", o.problem_file, "The problem a design document answers");
    cmd->add_option("--compare", o.compare, "Compare two debates or designs, asking in both orders")->expected(2);
    cmd->add_option("-o,--output", o.output_file, "Write the result to FILE.json, FILE.md or FILE.csv");
    cmd->add_option("--samples", o.samples, "Ask each evaluator N times (distinct calls)")
        ->check(CLI::Range(1, run::kMaxSamples));
    cmd->add_flag("--keep-unsupported", o.keep_unsupported,
                  "Keep scores whose quotes are not in the document in the averages");
    cmd->add_option("--env-file", o.env_file, "File of KEY=VALUE lines for API keys")->capture_default_str();
    cmd->add_option("--log-file", o.log_file, "Also write every log line as JSON to FILE");
    auto* journal = cmd->add_option("--journal", o.journal_file,
                                    "The journal of finished calls (SQLite); default: debates/journal.sqlite");
    cmd->add_option("--replay", o.replay_file, "Run entirely from a recorded JOURNAL, with no network")
        ->excludes(journal);
    cmd->add_flag("--cache", o.cache,
                  "Keep answers in the shared cache (~/.cache/parley) and reuse them in any run: a hit costs $0");
    cmd->add_option("--cache-dir", o.cache_dir, "The shared cache's folder (implies --cache)");
    add_budget_flags(*cmd, flags->budget, "a call");
    cmd->add_flag("--dry-run", o.dry_run, "Print the planned calls, tokens and cost; call nothing");
    cmd->add_flag(
        "--no-preflight", flags->no_preflight,
        "Skip the check that every evaluator's endpoint answers (connect, GET /models) before the first call");
    cmd->add_flag("--no-chat-check", flags->no_chat_check,
                  "Skip the one-token chat call the check sends each model after GET /models answers (a few tokens)");
    cmd->add_option("--seed", o.seed, "Seed for the offline panel")->check(whole_number(0, UINT64_MAX));
    add_verbosity(*cmd, flags->verbose, flags->quiet);
    cmd->footer(footer_with("  parley eval examples/designs/kafka/sound.md --problem examples/task-queue/problem.md\n"
                            "  parley eval -c examples/eval/eval_config.json -d debates/deb-1.json -o scores.json\n"
                            "  parley eval -c panel.json -d debate.json --samples 3 -o scores.csv\n"
                            "  parley eval -c panel.json --compare debates/a.json debates/b.json\n"));
    return {cmd, [cmd, flags] {
                return run::run_eval(options_of(*cmd, *flags));
            }};
}

} // namespace parley::app
