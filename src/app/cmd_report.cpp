// `parley report DEBATE.json`: renders a saved debate as Markdown, to a file or stdout.

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "debate/config.hpp"
#include "debate/debate_state.hpp"
#include "debate/participants.hpp"
#include "report/markdown_report.hpp"
#include "run/console.hpp"
#include "util/terminal_safe.hpp"
#include "util/text_file.hpp"

namespace parley::app {

namespace {

/// The flags of `parley report`.
struct ReportOptions {
    std::string debate_file;
    std::string config_file; ///< names, roles and models of the participants when the JSON lacks them
    std::string output_file;
    bool with_prompts = false;
};

/// One format `-o` writes, chosen by the file's extension.
struct ReportFormat {
    std::string_view extension;
    std::string (*render)(const debate::DebateState& state, bool with_prompts);
};

/// Every format -o knows; a file with any other extension is refused rather than written as Markdown.
constexpr std::array<ReportFormat, 1> kReportFormats{{
    {".md",
     [](const debate::DebateState& state, bool with_prompts) {
         return report::render_markdown(state, report::ReportOptions{with_prompts});
     }},
}};

const ReportFormat* format_for(const std::string& output_file) {
    const auto extension = std::filesystem::path(output_file).extension().string();
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

int run_report(const ReportOptions& options) {
    const ReportFormat* format =
        options.output_file.empty() ? &kReportFormats.front() : format_for(options.output_file);
    if (format == nullptr) {
        run::print_error("-o " + options.output_file + ": unknown report format (known: " + known_extensions() + ")");
        return exit_code::bad_input;
    }
    auto state = debate::load_debate(options.debate_file);
    if (!state) {
        return run::fail_with(state.error());
    }
    std::optional<debate::DebateConfig> config;
    if (!options.config_file.empty()) {
        auto loaded = debate::load_config(options.config_file);
        if (!loaded) {
            return run::fail_with(loaded.error());
        }
        config = std::move(*loaded);
    }
    debate::fill_participants(*state, config ? &*config : nullptr);
    const auto text = format->render(*state, options.with_prompts);
    if (options.output_file.empty()) {
        // The report quotes model answers, which may hold escape sequences; a file keeps them, a terminal must not.
        const auto shown = util::terminal_safe(text);
        std::fwrite(shown.data(), 1, shown.size(), stdout);
        return exit_code::ok;
    }
    if (auto written = util::write_file_atomically(options.output_file, text); !written) {
        return run::fail_with(written.error());
    }
    std::printf("report: %s\n", options.output_file.c_str());
    return exit_code::ok;
}

} // namespace

Command add_report_command(CLI::App& app) {
    auto options = std::make_shared<ReportOptions>();
    auto* cmd = app.add_subcommand("report", "Render a saved debate JSON as Markdown");
    cmd->add_option("debate,--debate", options->debate_file, "The debate JSON (parley's or dialectic's)")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("-c,--config", options->config_file,
                    "The config the debate ran with: names and models of its agents when the JSON lacks them "
                    "(dialectic's does)");
    cmd->add_option("-o,--output", options->output_file, "Write to FILE.md instead of stdout");
    cmd->add_flag("-v,--verbose", options->with_prompts, "Include every prompt sent");
    cmd->footer(footer_with("  parley report debates/deb-20261123-101500-k3x.json -o report.md\n"
                            "  parley report --debate dialectic-debate.json --config debate-config.json\n"));
    return {cmd, [options] {
                return run_report(*options);
            }};
}

} // namespace parley::app
