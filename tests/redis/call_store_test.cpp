#include <catch2/catch.hpp>

#include "redis/call_store.hpp"
#include "run/call_journal.hpp"
#include "support/redis_connect.hpp"
#include "support/redis_server.hpp"

using namespace parley;
using namespace parley::sweep;
using namespace std::chrono_literals;
using parley::testing::connect_to;

namespace {

store::CallRecord sample_record() {
    store::CallRecord record;
    record.key = "k-123";
    record.run_id = "run-1";
    record.provider = "fake";
    record.model = "m";
    record.response_model = "m-2024";
    record.content = "an answer with \xc3\xa9 and \"quotes\"\n";
    record.usage = llm::Usage{12, 34, 46, false};
    record.latency_ms = 12.5;
    record.time_to_first_token_ms = 3.25;
    record.attempts = 2;
    record.finished_at = "2026-01-01T00:00:00Z";
    return record;
}

} // namespace

TEST_CASE("the redis call store gives back a filed call byte for byte, and keeps the first", "[redis][sweep]") {
    testing::RedisServer server;
    RedisCallStore calls(connect_to(server));
    CHECK_FALSE(*calls.find_call("k-123"));
    const auto record = sample_record();
    CHECK(*calls.record_call(record));
    auto other = record;
    other.content = "a later answer";
    CHECK_FALSE(*calls.record_call(other));

    auto found = calls.find_call("k-123");
    REQUIRE(found);
    REQUIRE(*found);
    CHECK((*found)->content == record.content);
    CHECK((*found)->run_id == "run-1");
    CHECK((*found)->response_model == "m-2024");
    CHECK((*found)->usage.total_tokens == 46);
    CHECK((*found)->usage.completion_tokens == 34);
    CHECK((*found)->latency_ms == 12.5);
    CHECK((*found)->attempts == 2);
}

TEST_CASE("a call filed by one worker is a hit for another through the engine's store", "[redis][sweep]") {
    testing::RedisServer server;
    debate::CallJournal first(std::make_shared<RedisCallStore>(connect_to(server)), false);
    debate::CallJournal second(std::make_shared<RedisCallStore>(connect_to(server)), false);
    debate::JournaledResponse answer;
    answer.response.content = "paid once";
    answer.response.usage.total_tokens = 7;
    answer.provider = "fake";
    answer.requested_model = "m";
    answer.run_id = "run-a";
    auto completion = debate::completion_of(answer);
    completion.attempts = 1;
    REQUIRE(first.save("call-key", completion));

    auto hit = second.find("call-key");
    REQUIRE(hit);
    REQUIRE(*hit);
    auto response = debate::response_in(**hit);
    REQUIRE(response);
    CHECK((*response)->response.content == "paid once");
    CHECK((*response)->run_id == "run-a");
    CHECK((*hit)->cost == 7);
}

TEST_CASE("a foreign value under a call key is one clear error", "[redis][sweep]") {
    testing::RedisServer server;
    auto connection = connect_to(server);
    REQUIRE(connection->command({"SET", "parley:call:k", "not json"}));
    RedisCallStore calls(connection);
    auto found = calls.find_call("k");
    REQUIRE_FALSE(found);
    CHECK(found.error().message.find("does not hold a parley call record") != std::string::npos);
}

TEST_CASE("the redis call store expires records when given a time to live", "[redis][sweep]") {
    testing::RedisServer server;
    auto connection = connect_to(server);
    RedisCallStore calls(connection, RedisCallStoreOptions{"parley", std::chrono::seconds(100)});
    REQUIRE(calls.record_call(sample_record()));
    auto ttl = connection->command({"TTL", "parley:call:k-123"});
    REQUIRE(ttl);
    CHECK(ttl->integer > 90);
    CHECK(ttl->integer <= 100);
}

TEST_CASE("a finished call survives a redis crash and restart with persistence on", "[redis][sweep]") {
    testing::RedisServer server(testing::RedisServerOptions{true, ""});
    RedisCallStore calls(connect_to(server));
    REQUIRE(*calls.record_call(sample_record()));
    server.kill();
    server.start();
    auto found = calls.find_call("k-123");
    REQUIRE(found);
    REQUIRE(*found);
    CHECK((*found)->content == sample_record().content);
}
