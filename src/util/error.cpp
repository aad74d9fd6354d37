#include "util/error.hpp"

namespace parley {

const char* to_string(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::invalid_input:
        return "invalid_input";
    case ErrorKind::config:
        return "config";
    case ErrorKind::io:
        return "io";
    case ErrorKind::transient:
        return "transient";
    case ErrorKind::permanent:
        return "permanent";
    case ErrorKind::auth:
        return "auth";
    case ErrorKind::quota:
        return "quota";
    case ErrorKind::cancelled:
        return "cancelled";
    case ErrorKind::internal:
        return "internal";
    }
    return "internal";
}

std::optional<ErrorKind> parse_error_kind(std::string_view name) {
    for (const auto kind :
         {ErrorKind::invalid_input, ErrorKind::config, ErrorKind::io, ErrorKind::transient, ErrorKind::permanent,
          ErrorKind::auth, ErrorKind::quota, ErrorKind::cancelled, ErrorKind::internal}) {
        if (name == to_string(kind)) {
            return kind;
        }
    }
    return std::nullopt;
}

int exit_code_for(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::invalid_input:
    case ErrorKind::config:
        return exit_code::bad_input;
    case ErrorKind::auth:
    case ErrorKind::quota:
        return exit_code::provider_refused;
    case ErrorKind::cancelled:
        return exit_code::interrupted;
    case ErrorKind::io:
    case ErrorKind::transient:
    case ErrorKind::permanent:
    case ErrorKind::internal:
        return exit_code::run_failed;
    }
    return exit_code::run_failed;
}

} // namespace parley
