#include <catch2/catch.hpp>

#include "run/lanes.hpp"

using namespace parley;

TEST_CASE("an endpoint's lane takes its limits from the queue config, by base URL first", "[run][lanes]") {
    debate::QueueConfig queue;
    queue.max_attempts = 7;
    queue.jitter = "equal";
    queue.lanes["http://127.0.0.1:9/v1"] = debate::LaneConfig{2, 60.0, std::nullopt};
    llm::ProviderSpec limited;
    limited.kind = "openai-compatible";
    limited.base_url = "http://127.0.0.1:9/v1";
    llm::ProviderSpec other = limited;
    other.base_url = "http://127.0.0.1:8/v1";

    const auto a = run::lane_options_for(queue, limited);
    CHECK(a.max_concurrency == 2);
    REQUIRE(a.requests);
    CHECK_FALSE(a.tokens);
    const auto b = run::lane_options_for(queue, other);
    CHECK(b.max_concurrency == queue.network_default.concurrency);
    CHECK_FALSE(b.requests);
    CHECK(b.retry.max_attempts == 7);
    CHECK(b.retry.jitter == queue::Jitter::equal);
}
