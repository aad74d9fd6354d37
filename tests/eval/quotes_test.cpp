// Quote checks: verbatim once whitespace is normalised; anything else is unsupported.

#include <catch2/catch.hpp>

#include "eval/quotes.hpp"

using parley::eval::EvidenceStatus;
using parley::eval::QuoteChecker;

namespace {
const char* kDocument = "# Queue\n\nWorkers   lease jobs for 30 s and\n  renew the lease with heartbeats.\n";
}

TEST_CASE("a quote matches across line breaks and runs of spaces", "[eval][quotes]") {
    const QuoteChecker checker(kDocument);
    CHECK(checker.contains("Workers lease jobs for 30 s and renew the lease"));
    CHECK(checker.contains("  \"renew the lease with heartbeats.\"  "));
    CHECK(checker.contains("\xE2\x80\x9CWorkers lease jobs\xE2\x80\x9D"));
}

TEST_CASE("a quote with a changed word, or not in the document, is not found", "[eval][quotes]") {
    const QuoteChecker checker(kDocument);
    CHECK_FALSE(checker.contains("Workers lease tasks for 30 s"));
    CHECK_FALSE(checker.contains("exactly-once delivery"));
    CHECK_FALSE(checker.contains("   "));
}

TEST_CASE("a score's status: supported, unsupported when any quote is missing, unquoted without quotes",
          "[eval][quotes]") {
    const QuoteChecker checker(kDocument);
    CHECK(checker.check({"Workers lease jobs"}) == EvidenceStatus::supported);
    CHECK(checker.check({"Workers lease jobs", "made-up sentence"}) == EvidenceStatus::unsupported);
    CHECK(checker.check({}) == EvidenceStatus::unquoted);
    CHECK(checker.check({"", " "}) == EvidenceStatus::unquoted);
}
