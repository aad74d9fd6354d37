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

} // namespace

TEST_CASE("every concern has a title, aspects with phrases and requirement words", "[review]") {
    CHECK(concerns().size() >= 18);
    for (const auto& c : concerns()) {
        INFO(c.id);
        CHECK_FALSE(c.title.empty());
        CHECK_FALSE(c.aspects.empty());
        CHECK_FALSE(c.requirement_words.empty());
        for (const auto& a : c.aspects) {
            CHECK_FALSE(a.phrases.empty());
        }
    }
}

TEST_CASE("a concern is covered only when every aspect is settled, with the lines that settle it", "[review]") {
    const auto r =
        verdict("Failed jobs are retried with exponential backoff.\nWe add full jitter, up to 5 attempts.", "retries");
    CHECK(r.status == ConcernStatus::covered);
    REQUIRE(r.evidence.size() == 2);
    CHECK(r.evidence[0].line == 1);
    CHECK(r.evidence[1].line == 2);
    const auto partial = verdict("Failed jobs are retried with exponential backoff.", "retries");
    CHECK(partial.status == ConcernStatus::partial);
    CHECK(partial.missing_aspects == std::vector<std::string>{"jitter", "cap"});
}

TEST_CASE("statements that undo a concern are contradictions, not coverage", "[review]") {
    CHECK(verdict("The broker runs with no authentication.", "security").status == ConcernStatus::contradicted);
    CHECK(verdict("Redis persistence is turned off.", "durability").status == ConcernStatus::contradicted);
    CHECK(verdict("A job is acknowledged as soon as it is read.", "ack").status == ConcernStatus::contradicted);
    CHECK(verdict("Failures are retried immediately, with no limit.", "retries").status == ConcernStatus::contradicted);
    const auto r = verdict("Delivery is exactly-once.", "delivery");
    CHECK(r.status == ConcernStatus::contradicted);
    CHECK(r.reason == "exactly-once claimed without deduplication");
    REQUIRE(r.evidence.size() == 1);
    CHECK(r.evidence[0].line == 1);
}

TEST_CASE("exactly-once backed by deduplication is covered", "[review]") {
    CHECK(verdict("Delivery is exactly-once in effect: handlers dedup by job id.", "delivery").status ==
          ConcernStatus::covered);
}

TEST_CASE("negated contradictions and bounds are not negations", "[review]") {
    CHECK(verdict("There is no single point of failure: the replica fails over.", "failover").status ==
          ConcernStatus::covered);
    CHECK_FALSE(is_negated("retried no more than 5 attempts", 25, 33));
    CHECK(is_negated("there is no authentication here", 12, 26));
    CHECK(is_negated("persistence is turned off", 0, 7));
    CHECK_FALSE(is_negated("a long job does not lose its lease", 28, 33));
}

TEST_CASE("declining an ordering guarantee is a choice, not a contradiction", "[review]") {
    CHECK(verdict("Ordering: no ordering guarantee; jobs are independent.", "ordering").status ==
          ConcernStatus::covered);
    CHECK(verdict("Jobs run in strict global order across all workers.", "ordering").status ==
          ConcernStatus::contradicted);
}

TEST_CASE("a heading names a topic but does not settle it; wrapped sentences are read whole", "[review]") {
    CHECK(verdict("## Scheduled and delayed jobs\n\nTBD.", "scheduled").status == ConcernStatus::absent);
    const auto r = verdict("- Poison jobs are simply\n  discarded after the last attempt.", "dead_letter");
    CHECK(r.status == ConcernStatus::contradicted);
    CHECK(r.evidence.front().line == 1);
}

TEST_CASE("phrase syntax: word starts, word ends and A...B", "[review]") {
    CHECK(find_phrase("capacity planning", "cap$").empty());
    CHECK(find_phrase("attempts are capped", "cap").size() == 1);
    CHECK(find_phrase("escape", "cap").empty());
    CHECK(find_phrase("retries run forever", "retr...forever").size() == 1);
    CHECK(find_phrase("forever retries", "retr...forever").empty());
}

TEST_CASE("flaws stated plainly, as a model writes them, are contradictions under their concern", "[review]") {
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"Workers ack messages immediately on receipt to keep throughput high.", "ack"},
        {"We rely on Kafka's exactly-once semantics end to end.", "delivery"},
        {"Failed jobs are retried forever until they succeed.", "retries"},
        {"There is no dead-letter queue; failing jobs are logged and dropped.", "dead_letter"},
        {"The queue is unbounded.", "backpressure"},
        {"Low-priority jobs are processed only when the high queue is empty.", "priorities"},
        {"Redis runs without persistence (AOF disabled) for speed.", "durability"},
        {"The API has no authentication since it is internal.", "security"},
    };
    for (const auto& [text, id] : cases) {
        INFO(text);
        CHECK(verdict(text, id).status == ConcernStatus::contradicted);
    }
}

TEST_CASE("naming tenants is not fairness between them", "[review]") {
    CHECK(verdict("All tenants share one FIFO queue.", "fairness").status == ConcernStatus::absent);
    CHECK(verdict("Each tenant has an enqueue quota.", "fairness").status == ConcernStatus::covered);
}
