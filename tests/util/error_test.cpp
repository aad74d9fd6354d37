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
