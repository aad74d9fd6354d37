#include "run/report/run.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "debate/config.hpp"
#include "debate/debate_state.hpp"
#include "debate/participants.hpp"
#include "report/comparison.hpp"
#include "report/html_comparison.hpp"
#include "report/html_report.hpp"
#include "report/markdown_report.hpp"
#include "run/console.hpp"
#include "run/report/diff.hpp"
#include "util/error.hpp"
#include "util/path_clash.hpp"

namespace parley::run {

namespace {

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
int run_comparison(const ReportCommandOptions& options, const debate::DebateConfig* config) {
    if (options.brief || options.with_prompts) {
        print_error("report: --brief and --verbose shape the report of one debate; a comparison of several "
                    "takes neither");
        return exit_code::bad_input;
    }
    const ReportFormat* chosen_format = options.output_file.empty() ? nullptr : format_for(options.output_file);
    const bool html = chosen_format != nullptr && chosen_format->extension == ".html";
    auto format = report::ComparisonFormat::markdown;
    if (!options.output_file.empty() && !html) {
        const auto chosen = report::comparison_format_for(options.output_file);
        if (!chosen) {
            print_error("report: cannot write a comparison to " + options.output_file +
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
            return fail_with(state.error());
        }
        debate::fill_participants(*state, config);
        states.push_back(std::move(*state));
    }
    std::vector<report::ComparedDebate> debates;
    for (std::size_t i = 0; i < states.size(); ++i) {
        debates.push_back({std::filesystem::path(options.debate_files[i]).filename().string(), &states[i]});
    }
    return write_output(html ? report::render_comparison_html(debates) : report::render_comparison(debates, format),
                        options.output_file, "report", options.quiet);
}

} // namespace

int run_report(const ReportCommandOptions& options) {
    if (!options.baseline_file.empty()) {
        if (options.debate_files.size() != 1 || options.brief || options.with_prompts || !options.config_file.empty()) {
            print_error("report: --baseline OLD.json takes one debate, NEW.json, and neither --brief, --verbose "
                        "nor -c");
            return exit_code::bad_input;
        }
        return run_baseline_diff({options.baseline_file, options.debate_files.front(),
                                  DiffOutput{options.output_file, options.fail_on_regression, options.quiet}});
    }
    if (options.fail_on_regression) {
        print_error("report: --fail-on-regression needs --baseline OLD.json");
        return exit_code::bad_input;
    }
    util::CommandPaths paths{{{"-c", options.config_file}}, {{"-o", options.output_file}}};
    for (const auto& file : options.debate_files) {
        paths.inputs.push_back({"the debate", file});
    }
    if (auto clash = util::check_no_clash(paths); !clash) {
        return fail_with(clash.error());
    }
    auto config = load_names_config(options.config_file);
    if (!config) {
        return fail_with(config.error());
    }
    const debate::DebateConfig* names = *config ? &**config : nullptr;
    if (options.debate_files.size() > 1) {
        return run_comparison(options, names);
    }
    const ReportFormat* format =
        options.output_file.empty() ? &kReportFormats.front() : format_for(options.output_file);
    if (format == nullptr) {
        print_error("-o " + options.output_file + ": unknown report format (known: " + known_extensions() + ")");
        return exit_code::bad_input;
    }
    auto state = debate::load_debate(options.debate_files.front());
    if (!state) {
        return fail_with(state.error());
    }
    debate::fill_participants(*state, names);
    return write_output(format->render(*state, report::ReportOptions{options.with_prompts, options.brief}),
                        options.output_file, "report", options.quiet);
}

} // namespace parley::run
