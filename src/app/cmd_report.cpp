// `parley report DEBATE.json...`: renders a saved debate as Markdown or HTML (or only its summary), or compares
// several debates side by side as Markdown, CSV or HTML; to a file or stdout.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "debate/debate_state.hpp"
#include "report/comparison.hpp"
#include "report/html_comparison.hpp"
#include "report/html_report.hpp"
#include "report/markdown_report.hpp"
#include "run/console.hpp"
#include "util/terminal_safe.hpp"
#include "util/text_file.hpp"

namespace parley::app {

namespace {

/// The flags of `parley report`.
struct ReportOptions {
    std::vector<std::string> debate_files;
    std::string output_file;
    bool with_prompts = false;
    bool brief = false;
};

int write_output(const std::string& text, const std::string& output_file) {
    if (output_file.empty()) {
        // The report quotes model answers, which may hold escape sequences; a file keeps them, a terminal must not.
        const auto shown = util::terminal_safe(text);
        std::fwrite(shown.data(), 1, shown.size(), stdout);
        return exit_code::ok;
    }
    if (auto written = util::write_file_atomically(output_file, text); !written) {
        return run::fail_with(written.error());
    }
    std::printf("report: %s\n", output_file.c_str());
    return exit_code::ok;
}

/// True for an output file named *.html (any case): the report or comparison is then rendered as HTML.
bool ends_with_html(const std::string& path) {
    constexpr std::string_view kSuffix = ".html";
    if (path.size() < kSuffix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < kSuffix.size(); ++i) {
        const char c = path[path.size() - kSuffix.size() + i];
        if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c) != kSuffix[i]) {
            return false;
        }
    }
    return true;
}

// Several debates: one row each, in the order given; the output's extension picks Markdown, CSV or HTML.
int run_comparison(const ReportOptions& options) {
    if (options.brief || options.with_prompts) {
        run::print_error("report: --brief and --verbose shape the report of one debate; a comparison of several "
                         "takes neither");
        return exit_code::bad_input;
    }
    const bool html = ends_with_html(options.output_file);
    auto format = report::ComparisonFormat::markdown;
    if (!options.output_file.empty() && !html) {
        const auto chosen = report::comparison_format_for(options.output_file);
        if (!chosen) {
            run::print_error("report: cannot write a comparison to " + options.output_file +
                             "; name a .md, .csv or .html file");
            return exit_code::bad_input;
        }
        format = *chosen;
    }
    std::vector<debate::DebateState> states;
    states.reserve(options.debate_files.size());
    for (const auto& file : options.debate_files) {
        auto state = debate::load_debate(file);
        if (!state) {
            return run::fail_with(state.error());
        }
        states.push_back(std::move(*state));
    }
    std::vector<report::ComparedDebate> debates;
    for (std::size_t i = 0; i < states.size(); ++i) {
        debates.push_back({std::filesystem::path(options.debate_files[i]).filename().string(), &states[i]});
    }
    return write_output(html ? report::render_comparison_html(debates) : report::render_comparison(debates, format),
                        options.output_file);
}

int run_report(const ReportOptions& options) {
    if (options.debate_files.size() > 1) {
        return run_comparison(options);
    }
    auto state = debate::load_debate(options.debate_files.front());
    if (!state) {
        return run::fail_with(state.error());
    }
    const report::ReportOptions render{options.with_prompts, options.brief};
    return write_output(ends_with_html(options.output_file) ? report::render_html(*state, render)
                                                            : report::render_markdown(*state, render),
                        options.output_file);
}

} // namespace

Command add_report_command(CLI::App& app) {
    auto options = std::make_shared<ReportOptions>();
    auto* cmd = app.add_subcommand("report", "Render a saved debate JSON as Markdown or HTML, or compare several");
    cmd->add_option("debate", options->debate_files,
                    "The debate JSON (parley's or dialectic's); several are compared side by side")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option(
        "-o,--output", options->output_file,
        "Write to FILE instead of stdout; FILE.html writes the self-contained HTML report (a comparison: FILE.md, "
        "FILE.csv or FILE.html)");
    cmd->add_flag("-v,--verbose", options->with_prompts, "Include every prompt sent");
    cmd->add_flag("--brief", options->brief,
                  "Only the summary: decision, confidence, requirements, risks, disagreements, open questions, "
                  "figures");
    cmd->footer(footer_with("  parley report debates/deb-20261123-101500-k3x.json -o report.md\n"
                            "  parley report debates/deb-20261123-101500-k3x.json -o report.html\n"
                            "  parley report debates/deb-20261123-101500-k3x.json --brief\n"
                            "  parley report runs/a.json runs/b.json runs/c.json -o comparison.csv\n"
                            "  parley report runs/a.json runs/b.json -o comparison.html\n"));
    return {cmd, [options] {
                return run_report(*options);
            }};
}

} // namespace parley::app
