// `parley report DEBATE.json...`: renders a saved debate as Markdown or HTML (or only its summary), or compares
// several debates side by side as Markdown, CSV or HTML, or diffs two runs (--baseline); to a file or stdout.

#include <memory>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "run/report/run.hpp"

namespace parley::app {

Command add_report_command(CLI::App& app) {
    auto options = std::make_shared<run::ReportCommandOptions>();
    auto* cmd = app.add_subcommand("report", "Render a saved debate JSON as Markdown or HTML, or compare several");
    cmd->add_option("debate,--debate", options->debate_files,
                    "The debate JSON (parley's or dialectic's); several are compared side by side")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("-c,--config", options->config_file,
                    "The config the debate ran with: names and models of its agents when the JSON lacks them "
                    "(dialectic's does)");
    cmd->add_option("-o,--output", options->output_file,
                    "Write to FILE instead of stdout: FILE.md, or FILE.html for the self-contained HTML report (a "
                    "comparison: FILE.md, FILE.csv or FILE.html)");
    cmd->add_flag("-v,--verbose", options->with_prompts, "Include every prompt sent");
    cmd->add_flag("-q,--quiet", options->quiet, "Print only errors (no \"report: FILE\" line after -o)");
    cmd->add_flag("--brief", options->brief,
                  "Only the summary: decision, confidence, requirements, risks, disagreements, open questions, "
                  "figures");
    cmd->add_option("--baseline", options->baseline_file,
                    "OLD.json: compare the debate given (NEW) with this earlier run of the same problem: "
                    "requirements, review flags, scores, cost, tokens, time (-o FILE.md, .html or .csv)")
        ->check(CLI::ExistingFile);
    cmd->add_flag("--fail-on-regression", options->fail_on_regression,
                  "With --baseline: exit 4 when a requirement went from met to not met, a review flag appeared or a "
                  "score's 95% interval lies below 0");
    cmd->footer(footer_with("  parley report debates/deb-20261123-101500-k3x.json -o report.md\n"
                            "  parley report debates/deb-20261123-101500-k3x.json --brief\n"
                            "  parley report --debate dialectic-debate.json --config debate-config.json\n"
                            "  parley report debates/deb-20261123-101500-k3x.json -o report.html\n"
                            "  parley report runs/a.json runs/b.json runs/c.json -o comparison.csv\n"
                            "  parley report runs/a.json runs/b.json -o comparison.html\n"
                            "  parley report --baseline runs/old.json runs/new.json --fail-on-regression\n"));
    return {cmd, [options] {
                return run::run_report(*options);
            }};
}

} // namespace parley::app
