// `parley report DEBATE.json`: renders a saved debate as Markdown (to a file or stdout) or as HTML (-o FILE.html).

#include <cstdio>
#include <memory>
#include <string_view>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "debate/debate_state.hpp"
#include "report/html_report.hpp"
#include "report/markdown_report.hpp"
#include "run/console.hpp"
#include "util/terminal_safe.hpp"
#include "util/text_file.hpp"

namespace parley::app {

namespace {

/// The flags of `parley report`.
struct ReportOptions {
    std::string debate_file;
    std::string output_file;
    bool with_prompts = false;
};

/// True for an output file named *.html: the report is then rendered as HTML.
bool ends_with_html(const std::string& path) {
    constexpr std::string_view kSuffix = ".html";
    return path.size() >= kSuffix.size() && path.compare(path.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

int run_report(const ReportOptions& options) {
    auto state = debate::load_debate(options.debate_file);
    if (!state) {
        return run::fail_with(state.error());
    }
    const report::ReportOptions render{options.with_prompts};
    const auto rendered = ends_with_html(options.output_file) ? report::render_html(*state, render)
                                                              : report::render_markdown(*state, render);
    if (options.output_file.empty()) {
        // The report quotes model answers, which may hold escape sequences; a file keeps them, a terminal must not.
        const auto shown = util::terminal_safe(rendered);
        std::fwrite(shown.data(), 1, shown.size(), stdout);
        return exit_code::ok;
    }
    if (auto written = util::write_file_atomically(options.output_file, rendered); !written) {
        return run::fail_with(written.error());
    }
    std::printf("report: %s\n", options.output_file.c_str());
    return exit_code::ok;
}

} // namespace

Command add_report_command(CLI::App& app) {
    auto options = std::make_shared<ReportOptions>();
    auto* cmd = app.add_subcommand("report", "Render a saved debate JSON as Markdown or HTML");
    cmd->add_option("debate", options->debate_file, "The debate JSON (parley's or dialectic's)")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", options->output_file,
                    "Write to FILE instead of stdout; FILE.html writes the self-contained HTML report");
    cmd->add_flag("-v,--verbose", options->with_prompts, "Include every prompt sent");
    cmd->footer(footer_with("  parley report debates/deb-20261123-101500-k3x.json -o report.md\n"
                            "  parley report debates/deb-20261123-101500-k3x.json -o report.html\n"));
    return {cmd, [options] {
                return run_report(*options);
            }};
}

} // namespace parley::app
