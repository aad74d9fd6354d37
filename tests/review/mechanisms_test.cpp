// The broken-mechanism table: each rule flags the design that has the mechanism, as contradicted with the
// sentences that make it and a one-line reason, and leaves alone the sound version of the same design.

#include <catch2/catch.hpp>

#include "review/checklist.hpp"

using namespace parley::review;

namespace {

ConcernResult verdict(std::string_view text, std::string_view id) {
    for (auto& r : check_concerns(split_lines(text))) {
        if (r.concern->id == id) {
            return r;
        }
    }
    FAIL("no concern " << id);
    return {};
}

void check_broken(std::string_view text, std::string_view concern, std::string_view mechanism,
                  std::size_t evidence_line) {
    const auto r = verdict(text, concern);
    INFO(text);
    CHECK(r.status == ConcernStatus::contradicted);
    CHECK(r.mechanism == mechanism);
    CHECK_FALSE(r.reason.empty());
    CHECK(r.reason.find('\n') == std::string::npos);
    bool quoted = false;
    for (const auto& e : r.evidence) {
        quoted = quoted || e.line == evidence_line;
    }
    CHECK(quoted);
}

} // namespace

TEST_CASE("exactly-once from a non-atomic check-then-act is contradicted", "[review][mechanisms]") {
    check_broken("We guarantee exactly-once processing.\nThe worker reads the task's status key; if not completed, it "
                 "calls the API, then sets the key to completed.",
                 "delivery", "check_then_act", 2);
    CHECK(verdict("We guarantee exactly-once processing.\nThe worker checks the status and calls the API in one "
                  "transaction with the idempotency key insert.",
                  "delivery")
              .status != ConcernStatus::contradicted);
}

TEST_CASE("acknowledging or deleting before processing is contradicted", "[review][mechanisms]") {
    check_broken("The worker deletes the message from SQS, then processes it.", "ack", "ack_before_processing", 1);
    CHECK(verdict("The worker processes the message, and deletes it only after the handler succeeds.", "ack").status ==
          ConcernStatus::covered);
}

TEST_CASE("errors caught and only logged in a handler are contradicted, in prose and in code", "[review][mechanisms]") {
    check_broken("Retries use exponential backoff.\nThe handler catches every exception and logs it.", "retries",
                 "swallowed_errors", 2);
    check_broken("Retries use exponential backoff.\n\n```python\ntry:\n    send(job)\nexcept Exception as e:\n"
                 "    logger.error(e)\n```",
                 "retries", "swallowed_errors", 6);
    CHECK(verdict("```python\ntry:\n    send(job)\nexcept Exception as e:\n    logger.error(e)\n    raise\n```",
                  "retries")
              .mechanism.empty());
}

TEST_CASE("a lease shorter than the job time with no heartbeat is contradicted", "[review][mechanisms]") {
    check_broken("The visibility timeout is 30 seconds.\nReports take up to 10 minutes to render.", "lease",
                 "lease_shorter_than_job", 2);
    const auto r = verdict("The visibility timeout is 30 seconds.\nReports take up to 10 minutes to render.", "lease");
    CHECK_THAT(r.reason, Catch::Contains("max job time"));
    CHECK(verdict("The visibility timeout is 30 seconds; a heartbeat extends it.\nReports take up to 10 minutes.",
                  "lease")
              .status == ConcernStatus::covered);
    CHECK(verdict("The visibility timeout is 15 minutes.\nReports take up to 10 minutes.", "lease").mechanism.empty());
}

TEST_CASE("retries without a cap are contradicted, with a cap they are not", "[review][mechanisms]") {
    check_broken("Failed jobs are retried with exponential backoff until it succeeds.", "retries", "retries_uncapped",
                 1);
    CHECK(verdict("Failed jobs keep retrying with backoff, up to 8 attempts, then go to the DLQ.", "retries")
              .mechanism.empty());
}

TEST_CASE("a queue that never drops with no bound is contradicted", "[review][mechanisms]") {
    check_broken("The queue accepts every job and never drops anything.", "backpressure", "never_drops_unbounded", 1);
    CHECK(verdict("The queue never drops an accepted job; enqueue is rate-limited and returns 429 when full.",
                  "backpressure")
              .mechanism.empty());
}

TEST_CASE("a single Redis or Postgres node promising no data loss is contradicted", "[review][mechanisms]") {
    check_broken("Jobs live on a single Redis instance with AOF.\nWe promise no data loss.", "durability",
                 "single_node_no_loss", 1);
    CHECK(
        verdict("Jobs live on a single Redis instance with AOF and a replica.\nWe promise no data loss.", "durability")
            .mechanism.empty());
}

TEST_CASE("fan-out without idempotency is contradicted", "[review][mechanisms]") {
    check_broken("A campaign job fans out one job per recipient.", "idempotency", "fan_out_without_idempotency", 1);
    CHECK(verdict("A campaign job fans out one job per recipient; handlers are idempotent by recipient id.",
                  "idempotency")
              .status == ConcernStatus::covered);
}
