// Negation scope per clause, on sentence shapes taken from how design documents are written.

#include <catch2/catch.hpp>

#include "review/checklist.hpp"

using namespace parley::review;

namespace {

// Whether the first match of `phrase` in `sentence` is negated.
bool negated(std::string_view sentence, std::string_view phrase) {
    std::string lower(sentence);
    for (auto& c : lower) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const auto m = find_phrase(lower, phrase);
    INFO(sentence);
    REQUIRE_FALSE(m.empty());
    return is_negated(lower, m.front().begin, m.front().end);
}

ConcernStatus status_of(std::string_view text, std::string_view id) {
    for (const auto& r : check_concerns(split_lines(text))) {
        if (r.concern->id == id) {
            return r.status;
        }
    }
    FAIL("no concern " << id);
    return ConcernStatus::absent;
}

} // namespace

TEST_CASE("a negation in one list entry does not reach the next", "[review][negation]") {
    CHECK_FALSE(negated("No plaintext, no shared credentials, and TLS on every hop.", "tls"));
    CHECK(negated("No plaintext, no shared credentials, and TLS on every hop.", "plaintext"));
    CHECK_FALSE(negated("We skip nothing: retries use jitter.", "jitter"));
}

TEST_CASE("a colon or a parenthesis closes the scope of a negation", "[review][negation]") {
    CHECK_FALSE(negated("No data loss: every job is persisted before enqueue returns.", "persist"));
    CHECK_FALSE(negated("Retries (never immediate) use exponential backoff.", "backoff"));
    CHECK(negated("Retries use backoff (no jitter).", "jitter"));
    CHECK(negated("Dead letters: none.", "dead letter"));
}

TEST_CASE("not only and bounds with than are no negations, no longer and no more are", "[review][negation]") {
    CHECK_FALSE(negated("Jobs are not only persisted but replicated.", "persist"));
    CHECK_FALSE(negated("A job is retried no more than 5 attempts.", "attempts$"));
    CHECK_FALSE(negated("The lease is held no longer than 30 s.", "lease"));
    CHECK(negated("We no longer acknowledge on receipt.", "acknowledg"));
    CHECK(negated("There are no more retries after that.", "retr"));
    CHECK_FALSE(negated("Attempts must not exceed 5 attempts.", "attempts$"));
}

TEST_CASE("two negations cancel, nor always negates", "[review][negation]") {
    CHECK_FALSE(negated("We never run a worker without TLS.", "tls"));
    CHECK_FALSE(negated("No job is acknowledged without a durable write.", "durable"));
    CHECK(negated("Neither replication nor fsync is configured.", "fsync"));
}

TEST_CASE("a subordinate clause is out of the reach of the main clause's negation", "[review][negation]") {
    CHECK_FALSE(negated("No side effect is repeated when a job is redelivered.", "redeliver"));
    CHECK_FALSE(negated("Nothing is charged twice if a crashed worker's job is reclaimed.", "reclaim"));
}

TEST_CASE("at-least-once with idempotency keys and a clause on side effects leaves recovery alone",
          "[review][negation]") {
    const auto text = "Delivery is at-least-once with idempotency keys, and no payment is sent twice when a job is "
                      "redelivered after its worker crashes: side effects are recorded in the same transaction.";
    CHECK(status_of(text, "recovery") == ConcernStatus::covered);
    CHECK(status_of(text, "delivery") == ConcernStatus::covered);
    CHECK(status_of("We no longer acknowledge on receipt; jobs are acknowledged only after the handler returns.",
                    "ack") == ConcernStatus::covered);
}
