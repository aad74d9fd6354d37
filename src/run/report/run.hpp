#pragma once
// `parley report` as a library call: renders a saved debate as Markdown or HTML (or only its summary), or compares
// several debates side by side as Markdown, CSV or HTML; to a file or stdout.

#include <string>
#include <vector>

namespace parley::run {

/// What `parley report` is asked to do.
struct ReportCommandOptions {
    std::vector<std::string> debate_files;
    std::string config_file; ///< names, roles and models of the participants when the JSON lacks them
    std::string output_file;
    bool with_prompts = false;
    bool brief = false;
    bool quiet = false;        ///< -q: no "report: FILE" line after writing the file
    std::string baseline_file; ///< --baseline OLD.json: diff the one debate given (NEW) against it
    bool fail_on_regression = false;
};

/// Renders or compares the debates and writes or prints the result; returns the process exit code.
[[nodiscard]] int run_report(const ReportCommandOptions& options);

} // namespace parley::run
