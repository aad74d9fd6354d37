#include <catch2/catch.hpp>

#include "debate/call_journal.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using namespace parley::debate;
using parley::testing::TempDir;

namespace {

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
