#include "run/report/diff.hpp"

#include <cstdio>

#include "debate/debate_state.hpp"
#include "report/run_diff_render.hpp"
#include "run/console.hpp"
#include "util/json_document.hpp"
#include "util/path_clash.hpp"
#include "util/text_file.hpp"

namespace parley::run {

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

Result<void> check_same_problem(const report::OutcomePair& pair, const std::string& label) {
    if (pair.old_run.problem == pair.new_run.problem) {
        return {};
    }
    return fail(ErrorKind::invalid_input, label + ": OLD debates \"" + pair.old_run.title + "\" and NEW \"" +
                                              pair.new_run.title +
                                              "\" (or another text of it); a diff pairs two runs of one problem");
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
    auto old_run = load_outcome(options.old_file);
    if (!old_run) {
        return fail_with(old_run.error());
    }
    auto new_run = load_outcome(options.new_file);
    if (!new_run) {
        return fail_with(new_run.error());
    }
    const auto old_name = std::filesystem::path(options.old_file).filename().string();
    const auto new_name = std::filesystem::path(options.new_file).filename().string();
    report::OutcomePair pair{new_name, old_run->title, std::move(*old_run), std::move(*new_run)};
    if (auto same = check_same_problem(pair, old_name + " and " + new_name); !same) {
        return fail_with(same.error());
    }
    const auto diff = report::diff_runs(old_name, new_name, {pair}, {});
    return write_diff(diff, options.output, "report");
}

} // namespace parley::run
