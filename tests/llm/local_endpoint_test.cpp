// A model server on this machine costs nothing per call unless the config prices it.

#include <catch2/catch.hpp>

#include "llm/local_endpoint.hpp"
#include "llm/pricing.hpp"

using namespace parley::llm;

TEST_CASE("loopback addresses and Ollama are local endpoints; hosted ones are not", "[llm][pricing][local]") {
    CHECK(is_local_endpoint("openai-compatible", "http://127.0.0.1:8000/v1"));
    CHECK(is_local_endpoint("openai-compatible", "http://LOCALHOST:8080/v1"));
    CHECK(is_local_endpoint("custom", "http://[::1]:9000/v1"));
    CHECK(is_local_endpoint("ollama", ""));
    CHECK(is_local_endpoint("ollama", "http://gpu-box.lan:11434/v1"));
    CHECK(is_local_endpoint("vllm", ""));
    CHECK_FALSE(is_local_endpoint("vllm", "http://gpu-box.lan:8000/v1"));
    CHECK_FALSE(is_local_endpoint("openai", ""));
    CHECK_FALSE(is_local_endpoint("openai", "https://api.openai.com/v1"));
}

TEST_CASE("a local endpoint's call costs $0 unless the config's pricing names its model", "[llm][pricing][local]") {
    auto table = PriceTable::builtin();
    REQUIRE(table);
    const Usage usage{1'000'000, 1'000'000, 2'000'000, false};
    ProviderSpec local;
    local.kind = "openai-compatible";
    local.base_url = "http://127.0.0.1:8000/v1";
    ProviderSpec hosted;
    hosted.kind = "openai";
    // gpt-4o has a price in the shipped table: hosted, it is paid; on this machine it is not.
    REQUIRE(table->cost_usd("gpt-4o", usage));
    CHECK(*call_cost_usd(hosted, &*table, "gpt-4o", usage) > 0);
    CHECK(call_cost_usd(local, &*table, "gpt-4o", usage) == 0.0);
    CHECK(call_cost_usd(local, &*table, "my-finetune", usage) == 0.0);
    CHECK_FALSE(call_cost_usd(hosted, &*table, "my-finetune", usage));

    table->merge(PriceTable({{"my-finetune", ModelPrice{1.0, 1.0}}}));
    CHECK(table->priced_by_config("my-finetune"));
    CHECK_FALSE(table->priced_by_config("gpt-4o"));
    CHECK(call_cost_usd(local, &*table, "my-finetune", usage) == Approx(2.0));
}
