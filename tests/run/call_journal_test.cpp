#include <catch2/catch.hpp>

#include "run/call_journal.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using namespace parley::debate;
using parley::testing::TempDir;

namespace {

queue::DeadLetter failed_twice() {
    queue::DeadLetter letter;
    letter.key = "run-1/abc";
    letter.lane = "openai (https://api.openai.com/v1)";
    letter.origin = "run-1";
    letter.priority = queue::Priority::high;
    letter.attempts = 2;
    letter.first_attempt = queue::TimePoint{} + std::chrono::hours(3);
    letter.last_attempt = letter.first_attempt + std::chrono::seconds(4);
    letter.errors.push_back(queue::AttemptError{1, letter.first_attempt + std::chrono::milliseconds(900),
                                                Error{ErrorKind::transient, "503 busy", 503, std::nullopt}});
    letter.errors.push_back(queue::AttemptError{2, letter.last_attempt + std::chrono::milliseconds(100),
                                                Error{ErrorKind::permanent, "400 too long", 400, std::nullopt}});
    return letter;
}

JournaledResponse sample_answer() {
    JournaledResponse r;
    r.response.content = "an answer with \"quotes\" and\nnew lines";
    r.response.model = "m-server";
    r.response.usage = {11, 7, 18, false};
    r.response.latency_ms = 12.5;
    r.response.time_to_first_token_ms = 3.25;
    r.provider = "openai (http://127.0.0.1:1/v1)";
    r.requested_model = "m";
    r.run_id = "deb-1";
    return r;
}

} // namespace

TEST_CASE("the journal dead-letter store keeps the queue's whole record, under its run", "[debate][journal]") {
    TempDir dir;
    auto journal = std::make_shared<store::Journal>(*store::Journal::open(dir.path() / "j.sqlite"));
    DeadLetterJournal letters(journal);
    const auto letter = failed_twice();
    const auto id = letters.file(letter);
    REQUIRE(id);

    const auto listed = letters.list();
    REQUIRE(listed);
    REQUIRE(listed->size() == 1);
    const auto& back = listed->front();
    CHECK(back.id == *id);
    CHECK(back.origin == "run-1");
    auto expected = letter.to_json();
    expected["id"] = *id;
    CHECK(back.to_json() == expected);

    // What the run's own listing shows: the last error, in the journal's columns.
    const auto rows = journal->list_dead_letters("run-1").value();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].kind == ErrorKind::permanent);
    CHECK(rows[0].http_status == 400);
    CHECK(rows[0].attempts == 2);

    CHECK(letters.remove(*id).value());
    CHECK_FALSE(letters.remove(*id).value());
    CHECK(letters.list().value().empty());
}

TEST_CASE("a dead letter filed without the queue's record is listed from its columns", "[debate][journal]") {
    TempDir dir;
    auto journal = std::make_shared<store::Journal>(*store::Journal::open(dir.path() / "j.sqlite"));
    store::DeadLetterRecord row{"k", "run-0", ErrorKind::auth, 401, "bad key", 1, "a", "b"};
    REQUIRE(journal->record_dead_letter(row));
    const auto listed = DeadLetterJournal(journal).list();
    REQUIRE(listed);
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().key == "k");
    CHECK(listed->front().origin == "run-0");
    REQUIRE(listed->front().errors.size() == 1);
    CHECK(listed->front().errors[0].error.kind == ErrorKind::auth);
    CHECK(listed->front().errors[0].error.http_status == 401);
}

TEST_CASE("an answer travels in its completion as itself, not as serialized bytes", "[debate][journal]") {
    const auto completion = completion_of(sample_answer());
    CHECK(completion.payload.empty());
    CHECK(completion.cost == 18);
    auto first = response_in(completion);
    auto second = response_in(completion);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->get() == second->get()); // shared, not decoded again
    CHECK((*first)->response.content == sample_answer().response.content);
}

TEST_CASE("a filed answer is found again with every field it was filed with", "[debate][journal]") {
    TempDir dir;
    auto journal = std::make_shared<store::Journal>(*store::Journal::open(dir.path() / "j.sqlite"));
    CallJournal store(journal, false);
    REQUIRE(store.save("run/key", completion_of(sample_answer())));
    auto found = store.find("run/key");
    REQUIRE(found);
    REQUIRE(*found);
    CHECK((*found)->cost == 18);
    auto answer = response_in(**found);
    REQUIRE(answer);
    const auto& r = **answer;
    const auto expected = sample_answer();
    CHECK(r.response.content == expected.response.content);
    CHECK(r.response.model == expected.response.model);
    CHECK(r.response.usage.total_tokens == 18);
    CHECK(r.response.latency_ms == expected.response.latency_ms);
    CHECK(r.response.time_to_first_token_ms == expected.response.time_to_first_token_ms);
    CHECK(r.provider == expected.provider);
    CHECK(r.requested_model == "m");
    CHECK(r.run_id == "deb-1");
}

TEST_CASE("a completion that carries no answer is an internal error, never a crash", "[debate][journal]") {
    TempDir dir;
    auto journal = std::make_shared<store::Journal>(*store::Journal::open(dir.path() / "j.sqlite"));
    CallJournal store(journal, false);
    queue::Completion bytes_only;
    bytes_only.payload = "{\"content\":\"x\"}";
    const auto saved = store.save("run/key", bytes_only);
    REQUIRE_FALSE(saved);
    CHECK(saved.error().kind == ErrorKind::internal);
    CHECK_FALSE(response_in(bytes_only));
}
