#include "run/report/diff.hpp"

#include <cstdio>

#include "debate/debate_state.hpp"
#include "report/run_diff_render.hpp"
#include "run/console.hpp"
#include "util/json_document.hpp"
#include "util/path_clash.hpp"
#include "util/text_file.hpp"

namespace parley::run {

namespace {

Result<report::DebateOutcome> load_outcome(const std::filesystem::path& file) {
    auto state = debate::load_debate(file.string());
    if (!state) {
        return tl::make_unexpected(state.error());
    }
    // DebateState keeps no parley.baseline of its own: it is read from the file as the baseline's writer left it.
    // The file just loaded as a debate, so this second read is bounded by the same limit and parses.
    auto text = util::read_text_file(file, debate::kMaxDebateFileBytes);
    if (!text) {
        return tl::make_unexpected(text.error());
    }
    return report::debate_outcome(*state, report::baseline_outcome(util::parse_json_bounded(*text)));
}

} // namespace

Result<report::OutcomePair> load_pair(const std::filesystem::path& old_file, const std::filesystem::path& new_file,
                                      std::string label, std::string group) {
    auto old_run = load_outcome(old_file);
    if (!old_run) {
        return tl::make_unexpected(old_run.error());
    }
    auto new_run = load_outcome(new_file);
    if (!new_run) {
        return tl::make_unexpected(new_run.error());
    }
    if (old_run->problem != new_run->problem) {
        return fail(ErrorKind::invalid_input, label + ": OLD debates \"" + old_run->title + "\" and NEW \"" +
                                                  new_run->title +
                                                  "\" (or another text of it); a diff pairs two runs of one problem");
    }
    const auto title = old_run->title;
    return report::OutcomePair{std::move(label), group.empty() ? title : std::move(group), std::move(*old_run),
                               std::move(*new_run)};
}

Result<void> check_diff_output(const std::string& output_file) {
    if (output_file.empty() || report::diff_format_for(output_file)) {
        return {};
    }
    return fail(ErrorKind::invalid_input, "cannot write a diff to " + output_file + "; name a .md, .html or .csv file");
}

int write_diff(const report::RunDiff& diff, const DiffOutput& output, std::string_view command) {
    const auto format =
        output.output_file.empty() ? report::DiffFormat::markdown : report::diff_format_for(output.output_file).value();
    const int written = write_output(report::render_run_diff(diff, format), output.output_file, command, output.quiet);
    if (written != exit_code::ok) {
        return written;
    }
    if (!output.output_file.empty() && !output.quiet) {
        const auto line = std::string(command) + ": " + report::diff_verdict_line(diff) + "\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    if (!output.fail_on_regression || diff.regressions.empty()) {
        return exit_code::ok;
    }
    // A CI log shows stderr: the first regression there says what failed the job.
    print_error(report::diff_verdict_line(diff) + " First: " + diff.regressions.front() + " (--fail-on-regression)");
    return exit_code::regression;
}

int run_baseline_diff(const BaselineDiffOptions& options) {
    const util::CommandPaths paths{{{"--baseline", options.old_file}, {"the debate", options.new_file}},
                                   {{"-o", options.output.output_file}}};
    if (auto clash = util::check_no_clash(paths); !clash) {
        return fail_with(clash.error());
    }
    if (auto checked = check_diff_output(options.output.output_file); !checked) {
        return fail_with(checked.error());
    }
    const auto old_name = std::filesystem::path(options.old_file).filename().string();
    const auto new_name = std::filesystem::path(options.new_file).filename().string();
    auto pair = load_pair(options.old_file, options.new_file, new_name, "");
    if (!pair) {
        return fail_with(pair.error());
    }
    const auto diff = report::diff_runs(old_name, new_name, {std::move(*pair)}, {});
    return write_diff(diff, options.output, "report");
}

} // namespace parley::run
