#include "run/console.hpp"

#include <cstdio>

#include "util/terminal_safe.hpp"

namespace parley::run {

void print_error(const std::string& message) {
    // Messages carry server, file and config text; none of it may drive the terminal.
    const std::string line = "parley: " + util::terminal_safe(message) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

int fail_with(const Error& error) {
    print_error(error.message);
    return exit_code_for(error.kind);
}

} // namespace parley::run
