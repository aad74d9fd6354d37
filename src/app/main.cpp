// parley: structured design debates between role-based LLM agents.

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <curl/curl.h>

#include "app/commands.hpp"
#include "util/error.hpp"
#include "util/terminal_safe.hpp"
#include "util/text.hpp"

namespace parley::app {

void print_error(const std::string& message) {
    // Messages carry server, file and config text; none of it may drive the terminal.
    const std::string line = "parley: " + util::terminal_safe(message) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

namespace {

constexpr const char* kExitCodes = "Exit codes: 0 ok, 1 run failed, 2 bad input or config, 3 provider refused "
                                   "(auth/quota), 130 interrupted.";

// CLI11's own positive-number check prints the whole range of a double; one plain sentence is enough.
const CLI::Validator kPositive(
    [](const std::string& text) {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        return end != text.c_str() && *end == '\0' && value > 0 ? std::string()
                                                                : "must be a number above 0, got " + text;
    },
    "POSITIVE");

// CLI11 2.1 reads integers with strtoll/strtoull, which saturate ("99999999999999999999") and wrap ("-1" as
// 18446744073709551615); numbers are checked as text first.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
    return CLI::Validator(
        [min, max](const std::string& text) {
            return util::parse_whole_number(text, min, max) ? std::string()
                                                            : "must be a whole number from " + std::to_string(min) +
                                                                  " to " + std::to_string(max) + ", got " + text;
        },
        "INT");
}

// The most tokens --max-tokens takes: far past any budget, and exact in the double the budget counts in.
constexpr std::uint64_t kMaxTokenBudget = 1'000'000'000'000'000;

void add_verbosity(CLI::App& cmd, bool& verbose, bool& quiet) {
    cmd.add_flag("-v,--verbose", verbose, "Show progress and debug logs on stderr");
    cmd.add_flag("-q,--quiet", quiet, "Print nothing but errors")->excludes(cmd.get_option("--verbose"));
}

util::Verbosity verbosity_of(bool verbose, bool quiet) {
    return verbose ? util::Verbosity::verbose : quiet ? util::Verbosity::quiet : util::Verbosity::normal;
}

int run(int argc, char** argv) {
    CLI::App app{"parley: structured design debates between role-based LLM agents, judged and reported."};
    app.set_version_flag("--version", PARLEY_VERSION);
    app.require_subcommand(1);
    app.footer(kExitCodes);

    DebateOptions debate;
    bool debate_verbose = false;
    bool debate_quiet = false;
    std::string problem_text;
    std::vector<std::string> problem_files;
    double max_cost = 0;
    long max_tokens = 0;
    std::string resume_id;
    std::string agents;
    int rounds = 0;
    std::uint64_t seed = 0;
    auto* debate_cmd = app.add_subcommand("debate", "Run a debate and write its JSON and Markdown report");
    debate_cmd->add_option("problem", problem_text, "The problem statement as text");
    debate_cmd->add_option("-p,--problem", problem_files,
                           "Read the problem from FILE; repeat it, or name a folder of *.md files, to run several "
                           "debates at once");
    debate_cmd->add_option("-c,--config", debate.config_file,
                           "Debate config (JSON); default: the built-in configs/default.json");
    debate_cmd->add_option(
        "--agents", agents,
        "Comma-separated roles to take part: architect, performance, security, testing, kiss, generalist");
    debate_cmd->add_option("-r,--rounds", rounds, "Number of rounds (overrides the config)")->check(CLI::Range(1, 100));
    debate_cmd->add_option("-o,--output", debate.output_dir, "Folder for the debate JSON and report")
        ->capture_default_str();
    debate_cmd->add_option("--report", debate.report_file, "Write the Markdown report to FILE instead of OUTPUT/ID.md");
    debate_cmd->add_flag("--offline", debate.offline,
                         "Use the built-in offline provider for every agent and the judge");
    debate_cmd->add_option("--seed", seed, "Seed for the offline provider and the debate id (reproducible runs)")
        ->check(whole_number(0, UINT64_MAX));
    debate_cmd->add_flag("--clarify", debate.clarify, "Let agents ask clarifying questions before round 1");
    debate_cmd
        ->add_option("--answers", debate.answers_file, "JSON file of answers to clarifying questions, by question id")
        ->check(CLI::ExistingFile);
    auto* env_opt = debate_cmd->add_option("--env-file", debate.env_file, "File of KEY=VALUE lines for API keys")
                        ->capture_default_str();
    debate_cmd->add_option("--log-file", debate.log_file, "Also write every log line as JSON to FILE");
    debate_cmd->add_option("--journal", debate.journal_file,
                           "The journal of finished calls (SQLite); default: OUTPUT/journal.sqlite");
    auto* resume_opt = debate_cmd
                           ->add_option("--resume", resume_id,
                                        "Continue run ID (or, without ID, the newest unfinished run of this "
                                        "config and problem); finished calls come from the journal")
                           ->expected(0, 1);
    debate_cmd
        ->add_option("--replay", debate.replay_file,
                     "Run entirely from a recorded JOURNAL, with no network; a call it lacks fails the debate")
        ->excludes(resume_opt);
    debate_cmd->add_flag("--cache", debate.cache, "Reuse identical calls across runs that use --cache");
    debate_cmd->add_option("--max-cost", max_cost, "Stop cleanly before a call would take the cost past USD")
        ->check(kPositive);
    debate_cmd->add_option("--max-tokens", max_tokens, "Stop cleanly before a call would take the tokens past N")
        ->check(whole_number(1, kMaxTokenBudget));
    debate_cmd->add_flag("--dry-run", debate.dry_run, "Print the planned calls, tokens and cost; call nothing");
    debate_cmd->add_flag("--stream", debate.stream, "Show answers live as they stream in (on a terminal)");
    add_verbosity(*debate_cmd, debate_verbose, debate_quiet);
    debate_cmd->footer(std::string("Examples:\n"
                                   "  parley debate -p examples/task-queue/problem.md\n"
                                   "  parley debate \"Design a rate limiter\" --agents architect,security --rounds 3\n"
                                   "  parley debate -p problem.md -c configs/openai.json --clarify\n"
                                   "  parley debate -p problems/ -c configs/openai.json --max-cost 2.50\n"
                                   "  parley debate -p problem.md -c configs/openai.json --resume\n") +
                       kExitCodes);

    ReportOptions report;
    auto* report_cmd = app.add_subcommand("report", "Render a saved debate JSON as Markdown");
    report_cmd->add_option("debate", report.debate_file, "The debate JSON (parley's or dialectic's)")
        ->required()
        ->check(CLI::ExistingFile);
    report_cmd->add_option("-o,--output", report.output_file, "Write to FILE instead of stdout");
    report_cmd->add_flag("-v,--verbose", report.with_prompts, "Include every prompt sent");
    report_cmd->footer(std::string("Examples:\n  parley report debates/deb-20261123-101500-k3x.json -o report.md\n") +
                       kExitCodes);

    std::string resume_run;
    std::string resume_journal;
    bool resume_verbose = false;
    bool resume_quiet = false;
    auto* resume_cmd =
        app.add_subcommand("resume", "Continue an interrupted debate; finished calls are not paid again");
    resume_cmd->add_option("id", resume_run, "The debate id (as printed when it stopped)")->required();
    resume_cmd->add_option("--journal", resume_journal, "The journal it ran with; default: debates/journal.sqlite");
    add_verbosity(*resume_cmd, resume_verbose, resume_quiet);
    resume_cmd->footer(std::string("Examples:\n  parley resume deb-20261123-101500-k3x\n"
                                   "  parley resume deb-20261123-101500-k3x --journal runs/journal.sqlite\n") +
                       kExitCodes);

    ReviewOptions review;
    auto* review_cmd = add_review_command(app, review);

    std::string config_file;
    bool config_quiet = false;
    auto* config_cmd = app.add_subcommand("config", "Work with config files");
    config_cmd->require_subcommand(1);
    auto* check_cmd = config_cmd->add_subcommand("check", "Validate a config and say exactly what is wrong and where");
    check_cmd->add_option("file", config_file, "The config file")->required();
    check_cmd->add_flag("-q,--quiet", config_quiet, "Print nothing when the config is valid");
    check_cmd->footer(std::string("Examples:\n  parley config check configs/default.json\n") + kExitCodes);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        print_error(e.what());
        return exit_code::bad_input;
    }

    if (*debate_cmd) {
        if (!problem_text.empty())
            debate.problem_text = problem_text;
        debate.problem_files = problem_files;
        if (debate_cmd->count("--max-cost"))
            debate.max_cost_usd = max_cost;
        if (debate_cmd->count("--max-tokens"))
            debate.max_tokens = max_tokens;
        debate.resume = resume_opt->count() > 0;
        debate.resume_id = resume_id;
        if (debate_cmd->count("problem") && problem_text.empty())
            debate.problem_text = std::string();
        if (debate_cmd->count("--rounds"))
            debate.rounds = rounds;
        if (debate_cmd->count("--seed"))
            debate.seed = seed;
        debate.env_file_required = env_opt->count() > 0;
        for (std::size_t start = 0; start <= agents.size() && !agents.empty();) {
            const auto comma = std::min(agents.find(',', start), agents.size());
            if (comma > start)
                debate.agents.push_back(agents.substr(start, comma - start));
            start = comma + 1;
        }
        debate.verbosity = verbosity_of(debate_verbose, debate_quiet);
        return run_debate(debate);
    }
    if (*resume_cmd) {
        auto args = resume_arguments(resume_run, resume_journal);
        if (!args) {
            print_error(args.error().message);
            return exit_code_for(args.error().kind);
        }
        if (resume_verbose || resume_quiet) {
            args->push_back(resume_verbose ? "-v" : "-q");
        }
        std::vector<char*> argv_again{argv[0]};
        for (auto& a : *args) {
            argv_again.push_back(a.data());
        }
        return run(static_cast<int>(argv_again.size()), argv_again.data());
    }
    if (*report_cmd) {
        return run_report(report);
    }
    if (*review_cmd) {
        return run_review(review);
    }
    return run_config_check(config_file, config_quiet ? util::Verbosity::quiet : util::Verbosity::normal);
}

} // namespace

} // namespace parley::app

int main(int argc, char** argv) {
    // Past a file-size limit (ulimit -f) a write then fails with EFBIG and is reported like a full disk, instead of
    // SIGXFSZ killing parley without a word.
    std::signal(SIGXFSZ, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int code = parley::app::run(argc, argv);
    curl_global_cleanup();
    return code;
}
