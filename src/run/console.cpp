#include "run/console.hpp"

#include <cstdio>

namespace parley::run {

void print_error(const std::string& message) {
    std::fprintf(stderr, "parley: %s\n", message.c_str());
}

int fail_with(const Error& error) {
    print_error(error.message);
    return exit_code_for(error.kind);
}

} // namespace parley::run
