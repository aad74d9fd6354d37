// The check of every endpoint before a run's first call.

#include <catch2/catch.hpp>

#include "fake/fake_provider.hpp"
#include "run/preflight.hpp"
#include "run/provider_factory.hpp"
#include "support/dead_ends.hpp"

using parley::llm::make_provider;
using parley::llm::ProviderSpec;
using parley::run::check_endpoints;
using parley::testing::FakeProvider;
using parley::testing::unused_loopback_port;
using parley::util::Env;

namespace {

std::shared_ptr<parley::llm::Provider> provider(const std::string& kind, const std::string& base_url = "") {
    ProviderSpec spec;
    spec.kind = kind;
    spec.base_url = base_url;
    auto made = make_provider(spec, Env::from_values({}));
    REQUIRE(made);
    return *made;
}

} // namespace

TEST_CASE("the endpoint check passes the offline provider and live servers", "[run][preflight][net]") {
    FakeProvider fake;
    CHECK(check_endpoints({{provider("offline"), "m"},
                           {provider("openai-compatible", fake.base_url()), "fake-model-1"},
                           {provider("vllm", fake.base_url()), "fake-model-1"}}));
    // Two providers (their labels differ) on one server, one model each: one chat check each, none offline.
    CHECK(fake.check_requests().size() == 2);
}

TEST_CASE("the endpoint check fails with the first endpoint, in the agents' order, that is not there",
          "[run][preflight][net]") {
    FakeProvider fake;
    const std::string first = "http://127.0.0.1:" + std::to_string(unused_loopback_port()) + "/v1";
    const std::string second = "http://127.0.0.1:" + std::to_string(unused_loopback_port()) + "/v1";
    const auto checked = check_endpoints({{provider("offline"), "m"},
                                          {provider("openai-compatible", fake.base_url()), "m"},
                                          {provider("ollama", first), "m"},
                                          {provider("llamacpp", second), "m"}});
    REQUIRE_FALSE(checked);
    CHECK(checked.error().message.rfind("ollama (" + first + "): connection refused", 0) == 0);
}
