#include "run/console.hpp"

#include <cstdio>

#include "util/logging.hpp"
#include "util/text_file.hpp"
#include "util/text_safety.hpp"

namespace parley::run {

void print_error(const std::string& message) {
    // Messages carry server, file and config text; none of it may drive the terminal.
    // During a run the live display prints it above itself, where no redraw overwrites it.
    util::write_console_line("parley: " + util::terminal_safe(message) + "\n");
}

int fail_with(const Error& error) {
    print_error(error.message);
    return exit_code_for(error.kind);
}

int write_output(std::string_view text, const std::string& output_file, std::string_view command, bool quiet) {
    if (output_file.empty()) {
        // Reports quote model answers and design lines, which may hold escape sequences: a file keeps them, a
        // terminal must not run them.
        const auto shown = util::terminal_safe(text);
        std::fwrite(shown.data(), 1, shown.size(), stdout);
        return exit_code::ok;
    }
    if (auto written = util::write_file_atomically(output_file, text); !written) {
        return fail_with(written.error());
    }
    if (!quiet) {
        const std::string line = std::string(command) + ": " + output_file + "\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    return exit_code::ok;
}

} // namespace parley::run
