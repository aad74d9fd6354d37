#pragma once
// The commands of the parley executable; each returns the process exit code.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/logging.hpp"

namespace CLI {
class App;
} // namespace CLI

namespace parley::app {

/// Flags of `parley debate`.
struct DebateOptions {
    std::optional<std::string> problem_text;
    std::vector<std::string> problem_files; ///< files or folders of *.md files; one debate per problem
    std::string config_file;
    std::vector<std::string> agents;
    std::optional<int> rounds;
    std::string output_dir = "debates";
    std::string report_file;
    bool offline = false;
    std::optional<std::uint64_t> seed;
    bool clarify = false;
    std::string answers_file;
    std::string env_file = ".env";
    bool env_file_required = false;
    util::Verbosity verbosity = util::Verbosity::normal;
    std::string log_file;
    std::string journal_file; ///< empty: OUTPUT/journal.sqlite
    bool resume = false;      ///< continue the newest unfinished run of the same config and problem
    std::string resume_id;    ///< continue exactly this run
    std::string replay_file;  ///< run entirely from this journal, with no network
    bool cache = false;       ///< reuse identical calls across runs that use the cache
    std::optional<double> max_cost_usd;
    std::optional<long> max_tokens;
    bool dry_run = false;
    bool stream = false;
};

/// Runs a debate and writes its JSON and Markdown report.
int run_debate(const DebateOptions& options);

/// The `parley debate` arguments that continue run `id` of the journal at `journal_file` (empty:
/// debates/journal.sqlite): the run's own command with --resume ID.
Result<std::vector<std::string>> resume_arguments(const std::string& id, const std::string& journal_file);

/// Flags of `parley report`.
struct ReportOptions {
    std::string debate_file;
    std::string output_file;
    bool with_prompts = false;
};

/// Renders a saved debate as Markdown, to a file or stdout.
int run_report(const ReportOptions& options);

/// Flags of `parley review`.
struct ReviewOptions {
    std::string design_file;
    std::string problem_file; ///< empty: no requirements mapping
    std::string output_file;  ///< empty: Markdown on stdout; else FILE.json or FILE.md
};

/// Adds the `review` subcommand and its flags to `app`, filling `options` when parsed.
CLI::App* add_review_command(CLI::App& app, ReviewOptions& options);

/// Reviews a design and prints or writes the review; 0 when it could review, 2 for bad input.
int run_review(const ReviewOptions& options);

/// Validates a config file and prints what is wrong and where.
int run_config_check(const std::string& config_file, util::Verbosity verbosity);

/// Prints "parley: <message>" on stderr.
void print_error(const std::string& message);

} // namespace parley::app
