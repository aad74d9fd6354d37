// `parley report DEBATE.json...`: renders a saved debate as Markdown or HTML (or only its summary), or compares
// several debates side by side as Markdown, CSV or HTML; to a file or stdout.

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "debate/config.hpp"
#include "debate/debate_state.hpp"
#include "debate/participants.hpp"
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
    std::string config_file; ///< names, roles and models of the participants when the JSON lacks them
    std::string output_file;
    bool with_prompts = false;
    bool brief = false;
};

/// One format `-o` writes for a single debate, chosen by the file's extension.
struct ReportFormat {
    std::string_view extension;
    std::string (*render)(const debate::DebateState& state, const report::ReportOptions& options);
};

/// Every format -o knows; a file with any other extension is refused rather than written as Markdown.
constexpr std::array<ReportFormat, 2> kReportFormats{{
    {".md",
     [](const debate::DebateState& state, const report::ReportOptions& options) {
         return report::render_markdown(state, options);
     }},
    {".html",
     [](const debate::DebateState& state, const report::ReportOptions& options) {
         return report::render_html(state, options);
     }},
}};

const ReportFormat* format_for(const std::string& output_file) {
    auto extension = std::filesystem::path(output_file).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto found = std::find_if(kReportFormats.begin(), kReportFormats.end(),
                                    [&](const ReportFormat& f) { return f.extension == extension; });
    return found == kReportFormats.end() ? nullptr : &*found;
}

std::string known_extensions() {
    std::string list;
    for (const auto& f : kReportFormats) {
        list += (list.empty() ? "" : ", ") + std::string(f.extension);
    }
    return list;
}

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

/// The config named by --config, when there is one.
Result<std::optional<debate::DebateConfig>> load_names_config(const std::string& config_file) {
    if (config_file.empty()) {
        return std::optional<debate::DebateConfig>();
    }
    auto loaded = debate::load_config(config_file);
    if (!loaded) {
        return tl::unexpected(loaded.error());
    }
    return std::optional<debate::DebateConfig>(std::move(*loaded));
}

// Several debates: one row each, in the order given; the output's extension picks Markdown, CSV or HTML.
int run_comparison(const ReportOptions& options, const debate::DebateConfig* config) {
    if (options.brief || options.with_prompts) {
        run::print_error("report: --brief and --verbose shape the report of one debate; a comparison of several "
                         "takes neither");
        return exit_code::bad_input;
    }
    const ReportFormat* chosen_format = options.output_file.empty() ? nullptr : format_for(options.output_file);
    const bool html = chosen_format != nullptr && chosen_format->extension == ".html";
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
        debate::fill_participants(*state, config);
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
    auto config = load_names_config(options.config_file);
    if (!config) {
        return run::fail_with(config.error());
    }
    const debate::DebateConfig* names = *config ? &**config : nullptr;
    if (options.debate_files.size() > 1) {
        return run_comparison(options, names);
    }
    const ReportFormat* format =
        options.output_file.empty() ? &kReportFormats.front() : format_for(options.output_file);
    if (format == nullptr) {
        run::print_error("-o " + options.output_file + ": unknown report format (known: " + known_extensions() + ")");
        return exit_code::bad_input;
    }
    auto state = debate::load_debate(options.debate_files.front());
    if (!state) {
        return run::fail_with(state.error());
    }
    debate::fill_participants(*state, names);
    return write_output(format->render(*state, report::ReportOptions{options.with_prompts, options.brief}),
                        options.output_file);
}

} // namespace

Command add_report_command(CLI::App& app) {
    auto options = std::make_shared<ReportOptions>();
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
    cmd->add_flag("--brief", options->brief,
                  "Only the summary: decision, confidence, requirements, risks, disagreements, open questions, "
                  "figures");
    cmd->footer(footer_with("  parley report debates/deb-20261123-101500-k3x.json -o report.md\n"
                            "  parley report debates/deb-20261123-101500-k3x.json --brief\n"
                            "  parley report --debate dialectic-debate.json --config debate-config.json\n"
                            "  parley report debates/deb-20261123-101500-k3x.json -o report.html\n"
                            "  parley report runs/a.json runs/b.json runs/c.json -o comparison.csv\n"
                            "  parley report runs/a.json runs/b.json -o comparison.html\n"));
    return {cmd, [options] {
                return run_report(*options);
            }};
}

} // namespace parley::app
