#include <catch2/catch.hpp>

#include "llm/provider_factory.hpp"
#include "run/lanes.hpp"

using namespace parley;

namespace {

debate::Participant participant(const std::string& base_url) {
    debate::Participant p;
    p.config.id = "agent-" + base_url;
    p.config.provider.kind = "openai-compatible";
    p.config.provider.base_url = base_url;
    auto provider = llm::make_provider(p.config.provider, util::Env::from_values({}));
    REQUIRE(provider);
    p.provider = *provider;
    return p;
}

} // namespace

TEST_CASE("a run has one lane per provider endpoint, limited as the queue config says", "[run][lanes]") {
    debate::QueueConfig queue;
    queue.max_attempts = 7;
    queue.jitter = "equal";
    queue.lanes["http://127.0.0.1:9/v1"] = debate::LaneConfig{2, 60.0, std::nullopt};
    const auto lanes =
        run::lanes_for(queue, {participant("http://127.0.0.1:9/v1"), participant("http://127.0.0.1:8/v1"),
                               participant("http://127.0.0.1:9/v1")});
    REQUIRE(lanes.size() == 2);
    const auto& limited = lanes[0].name.find(":9/") != std::string::npos ? lanes[0] : lanes[1];
    const auto& other = &limited == &lanes[0] ? lanes[1] : lanes[0];
    CHECK(limited.options.max_concurrency == 2);
    REQUIRE(limited.options.requests);
    CHECK_FALSE(limited.options.tokens);
    CHECK(other.options.max_concurrency == queue.network_default.concurrency);
    CHECK_FALSE(other.options.requests);
    CHECK(other.options.retry.max_attempts == 7);
    CHECK(other.options.retry.jitter == queue::Jitter::equal);
}
