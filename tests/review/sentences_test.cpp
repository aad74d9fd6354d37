#include <catch2/catch.hpp>

#include "review/checklist.hpp"
#include "review/sentences.hpp"

using namespace parley::review;

namespace {

std::vector<Sentence> sentences_of(std::string_view text) {
    return split_sentences(split_lines(text));
}

ConcernResult verdict(std::string_view text, std::string_view id) {
    for (auto& r : check_concerns(split_lines(text))) {
        if (r.concern->id == id) {
            return r;
        }
    }
    FAIL("no concern " << id);
    return {};
}

} // namespace

TEST_CASE("a one-paragraph design is cut into its sentences, each with its span", "[review][sentences]") {
    const auto s = sentences_of("We use SQS. Workers delete a message after processing, e.g. after the DB write.\n"
                                "Retries back off 1.5 s at first. Is that enough? Yes!");
    REQUIRE(s.size() == 5);
    CHECK(s[0].text == "We use SQS.");
    CHECK(s[1].text == "Workers delete a message after processing, e.g. after the DB write.");
    CHECK(s[1].span.line == 1);
    CHECK(s[1].span.begin == 12);
    CHECK(s[2].text == "Retries back off 1.5 s at first.");
    CHECK(s[2].span.line == 2);
    CHECK(s[2].span.begin == 0);
    CHECK(s[4].text == "Yes!");
}

TEST_CASE("wrapped lines join into one sentence whose span ends on a later line", "[review][sentences]") {
    const auto s = sentences_of("Jobs are acknowledged\nonly after the handler returns.");
    REQUIRE(s.size() == 1);
    CHECK(s[0].text == "Jobs are acknowledged only after the handler returns.");
    CHECK(s[0].span.line == 1);
    CHECK(s[0].span.end_line == 2);
    CHECK(s[0].span.end == 31);
}

TEST_CASE("list items, table rows, code lines and headings are units of their own", "[review][sentences]") {
    const auto s = sentences_of("# Retries\n\n- backoff: exponential\n- cap 5\n\n| a | b |\n|---|---|\n| x | y |\n\n"
                                "```python\nretryWithBackoff(fn, 3)\n```\nEnd.");
    REQUIRE(s.size() == 7);
    CHECK(s[0].kind == SentenceKind::heading);
    CHECK(s[1].kind == SentenceKind::list_item);
    CHECK(s[1].text == "backoff: exponential");
    CHECK(s[2].text == "cap 5");
    CHECK(s[3].kind == SentenceKind::table_row);
    CHECK(s[4].text == "| x | y |");
    CHECK(s[5].kind == SentenceKind::code);
    CHECK(s[5].span.line == 11);
    CHECK(s[6].text == "End.");
}

TEST_CASE("a line ending in a colon ends its unit", "[review][sentences]") {
    const auto s = sentences_of("Settings:\nacks_late is on");
    REQUIRE(s.size() == 2);
    CHECK(s[0].text == "Settings:");
}

TEST_CASE("identifiers are read as the words they are made of", "[review][sentences]") {
    const auto s = sentences_of("Set `visibilityTimeout` and acks_late.");
    REQUIRE(s.size() == 1);
    CHECK(s[0].lower.find("visibility timeout") != std::string::npos);
    CHECK(s[0].lower.find("acks late") != std::string::npos);
}

TEST_CASE("columns count characters, not bytes", "[review][sentences]") {
    CHECK(column_of("h\xC3\xA9llo", 3) == 3);
    CHECK(column_of("abc", 0) == 1);
}

TEST_CASE("evidence in a one-paragraph design is the deciding sentence, not the paragraph", "[review][sentences]") {
    const auto r = verdict("We run Celery on Redis. Failed tasks retry with exponential backoff. Results go to "
                           "Postgres. Nothing else is configured.",
                           "retries");
    CHECK(r.status == ConcernStatus::partial);
    REQUIRE(r.evidence.size() == 1);
    CHECK(r.evidence[0].text == "Failed tasks retry with exponential backoff.");
    CHECK(r.evidence[0].line == 1);
    CHECK(r.evidence[0].column == 25);
    CHECK(r.evidence[0].end_column == 69);
}

TEST_CASE("partial names the aspects stated and those not, each stated one with its own evidence",
          "[review][sentences]") {
    const auto r = verdict("Retries use exponential backoff.\n\nWe cap retries at 5 attempts.", "retries");
    CHECK(r.status == ConcernStatus::partial);
    CHECK(r.missing_aspects == std::vector<std::string>{"jitter"});
    REQUIRE(r.aspects.size() == 3);
    CHECK(r.aspects[0].name == "backoff");
    CHECK(r.aspects[0].stated);
    REQUIRE(r.aspects[0].evidence.size() == 1);
    CHECK(r.aspects[0].evidence[0].line == 1);
    CHECK_FALSE(r.aspects[1].stated);
    CHECK(r.aspects[1].evidence.empty());
    REQUIRE(r.aspects[2].evidence.size() == 1);
    CHECK(r.aspects[2].evidence[0].line == 3);
    CHECK(std::string(legacy_status(r.status)) == "missing");
    CHECK(verdict("Nothing about it.", "retries").status == ConcernStatus::absent);
}

TEST_CASE("code counts as evidence: a retry call with a literal states its cap", "[review][sentences]") {
    const auto r = verdict("```js\nawait retryWithBackoff(fn, 3, { jitter: true })\n```", "retries");
    CHECK(r.status == ConcernStatus::covered);
    CHECK(r.evidence.at(0).line == 2);
}

TEST_CASE("config names engineers write are read", "[review][sentences]") {
    CHECK(verdict("task_acks_late = True", "ack").status == ConcernStatus::covered);
    CHECK(verdict("visibility_timeout = 3600", "lease").status != ConcernStatus::absent);
    CHECK(verdict("task_reject_on_worker_lost = True", "recovery").status == ConcernStatus::covered);
    CHECK(verdict("XADD jobs MAXLEN 1000000 payload", "backpressure").status == ConcernStatus::covered);
    CHECK(verdict("\"maxReceiveCount\": 5, \"deadLetterTargetArn\": \"arn:aws:sqs:dlq\"", "dead_letter").status !=
          ConcernStatus::absent);
    CHECK(verdict("RedrivePolicy maxReceiveCount 5", "retries").status != ConcernStatus::absent);
    CHECK(verdict("max_attempts: 25", "retries").status != ConcernStatus::absent);
    CHECK(verdict("Pub/Sub ack_deadline is 60 s, extended with modifyAckDeadline.", "lease").status ==
          ConcernStatus::covered);
    CHECK(verdict("A worker holds a lease and sends a heartbeat every 10 s.", "lease").status ==
          ConcernStatus::covered);
}

TEST_CASE("a mermaid block's diagram type is no unit, its arrows are code units", "[review][sentences]") {
    const auto s = sentences_of("```mermaid\nsequenceDiagram\n    Worker->>Queue: ack after processing\n```");
    REQUIRE(s.size() == 1);
    CHECK(s[0].kind == SentenceKind::code);
    CHECK(s[0].span.line == 3);
}

TEST_CASE("a war story contradicts nothing; the same words as today's design do", "[review][sentences]") {
    CHECK(verdict("In March 2021 a consumer with auto-commit enabled crashed mid-batch.\nOffsets are committed only "
                  "after the batch's writes succeed.",
                  "ack")
              .status == ConcernStatus::covered);
    CHECK(verdict("We once ran the brokers without TLS; never again. Clients use TLS and SASL; payloads carry no "
                  "PII.",
                  "security")
              .status == ConcernStatus::covered);
    CHECK(verdict("Consumers use auto-commit.", "ack").status == ConcernStatus::contradicted);
}

TEST_CASE("a config name is not read as a statement on another concern", "[review][sentences]") {
    CHECK(verdict("task_reject_on_worker_lost = True", "backpressure").status == ConcernStatus::absent);
    CHECK(verdict("Above 1M queued jobs the enqueue API rejects new low-priority jobs.", "backpressure").status ==
          ConcernStatus::covered);
}

TEST_CASE("text written all in lower case is cut into sentences too", "[review][sentences]") {
    const auto s = sentences_of("no data loss so far. workers pop a job, e.g. the oldest, then run it.");
    REQUIRE(s.size() == 2);
    CHECK(s[1].text == "workers pop a job, e.g. the oldest, then run it.");
}
