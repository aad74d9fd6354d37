#include <catch2/catch.hpp>

#include "util/error.hpp"

using parley::ErrorKind;

TEST_CASE("error kinds map to the documented exit codes", "[util]") {
    CHECK(parley::exit_code_for(ErrorKind::config) == 2);
    CHECK(parley::exit_code_for(ErrorKind::invalid_input) == 2);
    CHECK(parley::exit_code_for(ErrorKind::auth) == 3);
    CHECK(parley::exit_code_for(ErrorKind::quota) == 3);
    CHECK(parley::exit_code_for(ErrorKind::cancelled) == 130);
    CHECK(parley::exit_code_for(ErrorKind::transient) == 1);
    CHECK(parley::exit_code_for(ErrorKind::permanent) == 1);
}

TEST_CASE("only transient errors are retryable", "[util]") {
    CHECK(parley::is_transient(ErrorKind::transient));
    CHECK_FALSE(parley::is_transient(ErrorKind::permanent));
    CHECK_FALSE(parley::is_transient(ErrorKind::auth));
}

TEST_CASE("every error kind reads back from its name and nothing else does", "[util]") {
    for (const auto kind :
         {ErrorKind::invalid_input, ErrorKind::config, ErrorKind::io, ErrorKind::transient, ErrorKind::permanent,
          ErrorKind::auth, ErrorKind::quota, ErrorKind::cancelled, ErrorKind::internal}) {
        CHECK(parley::parse_error_kind(parley::to_string(kind)) == kind);
    }
    CHECK_FALSE(parley::parse_error_kind("Transient").has_value());
    CHECK_FALSE(parley::parse_error_kind("").has_value());
}
