// `parley debate`: flags, then one call into the run library.

#include <cstdint>
#include <filesystem>
#include <memory>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "run/console.hpp"
#include "run/debate/run.hpp"

namespace parley::app {

namespace {

/// The flags of `parley debate` as CLI11 fills them, before they become run::DebateOptions.
struct DebateFlags {
    run::DebateOptions options;
    std::string problem_text;
    std::string agents;
    std::string output = "debates";
    std::string resume_id;
    int rounds = 0;
    std::uint64_t seed = 0;
    BudgetFlags budget;
    bool verbose = false;
    bool quiet = false;
    bool no_preflight = false;
    bool no_chat_check = false;
};

// Flags that were given become options; flags left out keep the options' defaults.
Result<run::DebateOptions> options_of(const CLI::App& cmd, const DebateFlags& flags) {
    auto o = flags.options;
    if (auto output = run::set_output(o, flags.output); !output) {
        return tl::make_unexpected(output.error());
    }
    if (cmd.count("problem")) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(flags.problem_text, ec)) {
            // The positional problem is the problem's text: a debate about a file name helps nobody.
            return fail(ErrorKind::invalid_input, flags.problem_text + " is a file; did you mean `-p " +
                                                      flags.problem_text + "`? (the problem argument is the text)");
        }
        o.problem_text = flags.problem_text;
    }
    if (cmd.count("--rounds"))
        o.rounds = flags.rounds;
    if (cmd.count("--seed"))
        o.seed = flags.seed;
    apply_budget_flags(cmd, flags.budget, o);
    o.resume = cmd.count("--resume") > 0;
    o.resume_id = flags.resume_id;
    o.env_file_required = cmd.count("--env-file") > 0;
    o.agents = run::split_roles(flags.agents);
    o.verbosity = verbosity_of(flags.verbose, flags.quiet);
    o.preflight = !flags.no_preflight;
    o.chat_check = !flags.no_chat_check;
    return o;
}

void add_problem_flags(CLI::App& cmd, DebateFlags& f) {
    cmd.add_option("problem", f.problem_text, "The problem statement as text");
    cmd.add_option("-p,--problem,--problemDescription", f.options.problem_files,
                   "Read the problem from FILE; repeat it, or name a folder of *.md files, to run several debates "
                   "at once");
    cmd.add_option(
        "--design", f.options.design_file,
        "Attack this design (Markdown, or a debate JSON's final solution) instead of proposing from scratch: "
        "round 1 critiques it, the judge decides accept / accept with changes / reject; without -p the "
        "problem is \"review this design\"");
    cmd.add_option("-c,--config", f.options.config_file,
                   "Debate config (JSON); default: the built-in configs/default.json");
    cmd.add_option("-a,--agents", f.agents,
                   "Comma-separated roles to take part: architect, performance, security, testing, kiss, generalist, "
                   "datamodeling");
    cmd.add_option(
        "--context", f.options.context_file,
        "PATH: a FILE's text (at most 5000 characters) is appended to the problem under \"# Extra Context\"; a "
        "FOLDER is the context folder agents read with their tools (list_files, file_read, search; secret files "
        "such as .env are never read), as dialectic 0.7 does");
    cmd.add_option("-r,--rounds", f.rounds, "Number of rounds (overrides the config)")->check(CLI::Range(1, 100));
    cmd.add_option("-o,--output", f.output,
                   "Folder for the debate JSON, report and journal; or FILE.json (the debate JSON, report beside it) "
                   "or FILE.md (the report, JSON beside it)")
        ->capture_default_str();
    cmd.add_option("--report", f.options.report_file, "Write the Markdown report to FILE instead of OUTPUT/ID.md");
    cmd.add_flag("--html", f.options.html, "Also write the self-contained HTML report beside the Markdown (ID.html)");
    cmd.add_flag("--brief", f.options.brief_report,
                 "Write only the summary (decision, confidence, requirements, risks, disagreements, figures) as the "
                 "report");
    cmd.add_flag("--offline", f.options.offline, "Use the built-in offline provider for every agent and the judge");
    cmd.add_option("--seed", f.seed, "Seed for the offline provider and the debate id (reproducible runs)")
        ->check(whole_number(0, UINT64_MAX));
    cmd.add_flag("--clarify", f.options.clarify, "Let agents ask clarifying questions before round 1");
    cmd.add_option("--answers", f.options.answers_file, "JSON file of answers to clarifying questions, by question id")
        ->check(CLI::ExistingFile);
    cmd.add_option("-e,--env-file", f.options.env_file, "File of KEY=VALUE lines for API keys")->capture_default_str();
    cmd.add_option("--log-file", f.options.log_file, "Also write every log line as JSON to FILE");
}

void add_run_flags(CLI::App& cmd, DebateFlags& f) {
    cmd.add_option("--journal", f.options.journal_file,
                   "The journal of finished calls (SQLite); default: OUTPUT/journal.sqlite");
    auto* resume = cmd.add_option("--resume", f.resume_id,
                                  "Continue run ID (or, without ID, the newest unfinished run of this config and "
                                  "problem); finished calls come from the journal")
                       ->expected(0, 1);
    cmd.add_option("--replay", f.options.replay_file,
                   "Run entirely from a recorded JOURNAL, with no network; a call it lacks fails the debate")
        ->excludes(resume);
    cmd.add_flag("--cache", f.options.cache,
                 "Keep answers in the shared cache (~/.cache/parley) and reuse them in any run: a hit costs $0");
    cmd.add_option("--cache-dir", f.options.cache_dir, "The shared cache's folder (implies --cache)");
    add_budget_flags(cmd, f.budget, "a call");
    cmd.add_flag("--dry-run", f.options.dry_run, "Print the planned calls, tokens and cost; call nothing");
    cmd.add_flag("--stream", f.options.stream, "Show answers live as they stream in (on a terminal)");
    cmd.add_option("--eval", f.options.eval_config,
                   "Score each finished debate with the evaluator panel in EVAL_CONFIG (its JSON and report keep the "
                   "scores)");
    cmd.add_option("--baseline", f.options.baseline,
                   "After each debate, the same models write independent solutions until their tokens match the "
                   "debate's, the same synthesis picks one, and the report says whether the debate beat it (vote)")
        ->check(CLI::IsMember({"vote"}));
    cmd.add_flag("--no-preflight", f.no_preflight,
                 "Skip the check that every provider endpoint answers (connect, GET /models) before the first call");
    cmd.add_flag("--no-chat-check", f.no_chat_check,
                 "Skip the one-token chat call the check sends each model after GET /models answers (a few tokens)");
    add_verbosity(cmd, f.verbose, f.quiet);
}

} // namespace

Command add_debate_command(CLI::App& app) {
    auto flags = std::make_shared<DebateFlags>();
    auto* cmd = app.add_subcommand("debate", "Run a debate and write its JSON and Markdown report");
    add_problem_flags(*cmd, *flags);
    add_run_flags(*cmd, *flags);
    cmd->footer(
        footer_with("  parley debate -p examples/task-queue/problem.md\n"
                    "  parley debate --design examples/designs/sqs/design.md -p examples/task-queue/problem.md\n"
                    "  parley debate \"Design a rate limiter\" --agents architect,security --rounds 3\n"
                    "  parley debate -p problem.md -c configs/openai.json --clarify\n"
                    "  parley debate -p problems/ -c configs/openai.json --max-cost 2.50\n"
                    "  parley debate -p problem.md -c configs/openai.json --resume\n"
                    "  parley debate --problemDescription problem.md -a architect,datamodeling -o result.json\n"));
    return {cmd, [cmd, flags] {
                auto options = options_of(*cmd, *flags);
                return options ? run::run_debates(*options) : run::fail_with(options.error());
            }};
}

} // namespace parley::app
