#include <cstdio>

#include "app/commands.hpp"
#include "debate/debate_state.hpp"
#include "report/markdown_report.hpp"
#include "util/terminal_safe.hpp"
#include "util/text_file.hpp"

namespace parley::app {

int run_report(const ReportOptions& options) {
    auto state = debate::load_debate(options.debate_file);
    if (!state) {
        print_error(state.error().message);
        return exit_code_for(state.error().kind);
    }
    const auto markdown = report::render_markdown(*state, report::ReportOptions{options.with_prompts});
    if (options.output_file.empty()) {
        // The report quotes model answers, which may hold escape sequences; a file keeps them, a terminal must not.
        const auto shown = util::terminal_safe(markdown);
        std::fwrite(shown.data(), 1, shown.size(), stdout);
        return exit_code::ok;
    }
    if (auto written = util::write_file_atomically(options.output_file, markdown); !written) {
        print_error(written.error().message);
        return exit_code_for(written.error().kind);
    }
    std::printf("report: %s\n", options.output_file.c_str());
    return exit_code::ok;
}

} // namespace parley::app
