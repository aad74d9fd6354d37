#pragma once
// The commands of the parley executable; each returns the process exit code.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/logging.hpp"

namespace parley::app {

/// Flags of `parley debate`.
struct DebateOptions {
    std::optional<std::string> problem_text;
    std::optional<std::string> problem_file;
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
};

/// Runs a debate and writes its JSON and Markdown report.
int run_debate(const DebateOptions& options);

/// Flags of `parley report`.
struct ReportOptions {
    std::string debate_file;
    std::string output_file;
    bool with_prompts = false;
};

/// Renders a saved debate as Markdown, to a file or stdout.
int run_report(const ReportOptions& options);

/// Validates a config file and prints what is wrong and where.
int run_config_check(const std::string& config_file, util::Verbosity verbosity);

/// Prints "parley: <message>" on stderr.
void print_error(const std::string& message);

} // namespace parley::app
