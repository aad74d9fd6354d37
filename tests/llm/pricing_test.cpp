#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "llm/pricing.hpp"

using namespace parley;
using namespace parley::llm;

namespace {

PriceTable shipped() {
    auto table = PriceTable::builtin();
    REQUIRE(table);
    return *table;
}

Result<PriceTable> parse(const char* text) {
    return parse_price_table(nlohmann::json::parse(text), "pricing");
}

} // namespace

TEST_CASE("the shipped table prices the common models of every vendor", "[llm][pricing]") {
    const auto table = shipped();
    for (const char* model :
         {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3-mini", "anthropic/claude-3.5-sonnet",
          "google/gemini-2.5-pro", "meta-llama/llama-3.1-70b-instruct"}) {
        INFO(model);
        const auto price = table.find(model);
        REQUIRE(price);
        CHECK(price->input_per_million > 0);
        CHECK(price->output_per_million >= price->input_per_million);
    }
    CHECK(table.find("gpt-4o")->input_per_million == Approx(2.5));
    CHECK(table.find("gpt-4o")->output_per_million == Approx(10));
}

TEST_CASE("local and offline models cost nothing, which is not the same as unknown", "[llm][pricing]") {
    const auto table = shipped();
    const Usage usage{1000, 1000, 2000, false};
    CHECK(table.cost_usd("parley-offline-1", usage) == 0.0);
    CHECK(table.cost_usd("llama3.1:8b", usage) == 0.0);
    CHECK(table.cost_usd("meta-llama/llama-3.1-8b-instruct:free", usage) == 0.0);
}

TEST_CASE("dated, vendor-prefixed, tagged and capitalised names find their model's price", "[llm][pricing]") {
    const auto table = shipped();
    const auto gpt_4o = table.find("gpt-4o")->input_per_million;
    CHECK(table.find("gpt-4o-2024-08-06")->input_per_million == gpt_4o);
    CHECK(table.find("openai/gpt-4o")->input_per_million == gpt_4o);
    CHECK(table.find("openai/gpt-4o-2024-11-20")->input_per_million == gpt_4o);
    CHECK(table.find("GPT-4o")->input_per_million == gpt_4o);
    CHECK(table.find("openai/gpt-4o:nitro")->input_per_million == gpt_4o);
    CHECK(table.find("gpt-4o-mini-2024-07-18")->input_per_million == table.find("gpt-4o-mini")->input_per_million);
    CHECK(table.find("gpt-4-0613")->input_per_million == table.find("gpt-4")->input_per_million);
    CHECK(table.find("anthropic/claude-3.5-sonnet-20240620")->output_per_million ==
          table.find("anthropic/claude-3.5-sonnet")->output_per_million);
}

TEST_CASE("a different model never borrows a similar name's price", "[llm][pricing]") {
    const PriceTable table({{"gpt-4o", {2.5, 10}}, {"gemini-2.0-flash", {0.1, 0.4}}});
    CHECK_FALSE(table.find("gpt-4o-mini"));
    CHECK_FALSE(table.find("gpt-4o-audio-preview"));
    CHECK_FALSE(table.find("gpt-4"));
    CHECK_FALSE(table.find("gemini-2.0-flash-001"));
    CHECK_FALSE(table.find("gpt-4o-1399")); // not a month: part of the name
}

TEST_CASE("a model without a price has unknown cost, not zero", "[llm][pricing]") {
    const auto table = shipped();
    CHECK_FALSE(table.cost_usd("acme/brand-new-model", {1000, 1000, 2000, false}).has_value());
}

TEST_CASE("cost is input and output tokens at their own per-million prices", "[llm][pricing]") {
    const PriceTable table({{"m", {2.5, 10}}});
    const auto cost = table.cost_usd("m", {1'200'000, 300'000, 1'500'000, false});
    REQUIRE(cost);
    CHECK(*cost == Approx(1.2 * 2.5 + 0.3 * 10));
}

TEST_CASE("user prices override the shipped ones and add new models", "[llm][pricing]") {
    auto table = shipped();
    auto overrides = parse(R"({"GPT-4o": {"input": 1, "output": 2}, "acme/model": {"input": 0.5, "output": 0.75}})");
    REQUIRE(overrides);
    table.merge(*overrides);
    CHECK(table.find("gpt-4o-2024-08-06")->output_per_million == 2);
    CHECK(table.find("acme/model")->input_per_million == 0.5);
    CHECK(table.find("gpt-4o-mini")->input_per_million == Approx(0.15));
}

TEST_CASE("a bad pricing entry is refused with the path of the fault", "[llm][pricing]") {
    const std::pair<const char*, const char*> cases[] = {
        {R"([1])", "pricing: expected an object of model prices, got an array"},
        {R"({"m": 3})", "pricing.m: expected {\"input\": USD, \"output\": USD}, got a number"},
        {R"({"m": {"input": 1}})", "pricing.m: missing \"output\" (USD per million tokens)"},
        {R"({"m": {"input": "1", "output": 2}})",
         "pricing.m.input: expected a number of USD per million tokens, got a string"},
        {R"({"m": {"input": 1, "output": -2}})", "pricing.m.output: must be zero or more, got -2"},
        {R"({"m": {"input": 1, "output": 2, "cached": 0.5}})",
         "pricing.m.cached: unknown key; a price has \"input\" and \"output\""},
        {R"({"": {"input": 1, "output": 2}})", "pricing.: a model name cannot be empty"},
    };
    for (const auto& [text, message] : cases) {
        INFO(text);
        auto table = parse(text);
        REQUIRE_FALSE(table);
        CHECK(table.error().kind == ErrorKind::config);
        CHECK(table.error().message == message);
    }
}

TEST_CASE("pricing errors name the file and line when the document is given", "[llm][pricing]") {
    auto doc = util::parse_json_document("{\n  \"pricing\": {\n    \"m\": {\"input\": true, \"output\": 1}\n  }\n}",
                                         "my.json");
    REQUIRE(doc);
    auto table = parse_price_table(doc->value["pricing"], "pricing", &*doc);
    REQUIRE_FALSE(table);
    CHECK(table.error().message == "my.json:3: pricing.m.input: expected a number of USD per million tokens, "
                                   "got a boolean");
}

TEST_CASE("a budget refuses a call that would pass its token limit", "[llm][budget]") {
    Budget budget({std::nullopt, 1000});
    auto first = budget.reserve(600, std::nullopt);
    REQUIRE(first);
    first->settle(700, std::nullopt);
    CHECK(budget.reserve(300, std::nullopt));
    auto refused = budget.reserve(301, std::nullopt);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == ErrorKind::permanent);
    CHECK(refused.error().message == "the next call (about 301 tokens) would take the run past its limit of 1000 "
                                     "tokens (700 spent, 0 held by running calls)");
}

TEST_CASE("a budget counts the estimates of running calls against its cost limit", "[llm][budget]") {
    Budget budget({1.0, std::nullopt});
    auto a = budget.reserve(100, 0.4);
    auto b = budget.reserve(100, 0.4);
    REQUIRE(a);
    REQUIRE(b);
    auto c = budget.reserve(100, 0.4);
    REQUIRE_FALSE(c);
    CHECK(c.error().message == "the next call (about $0.4000) would take the run past its cost limit of $1.0000 "
                               "($0.0000 spent, $0.8000 held by running calls)");
    a->settle(90, 0.1);
    CHECK(budget.reserve(100, 0.4));
}

TEST_CASE("a budget with a cost limit refuses a call whose price is unknown", "[llm][budget]") {
    Budget limited({5.0, std::nullopt});
    auto refused = limited.reserve(10, std::nullopt);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("no known price"));
    Budget unlimited({std::nullopt, std::nullopt});
    CHECK(unlimited.reserve(10, std::nullopt));
}

TEST_CASE("settling replaces the estimate with what the call used, once", "[llm][budget]") {
    Budget budget({10.0, 100'000});
    {
        auto reservation = budget.reserve(5000, 0.5);
        REQUIRE(reservation);
        CHECK(budget.totals().reserved_tokens == 5000);
        reservation->settle(3200, 0.25);
        reservation->settle(9999, 9.0); // a second settle is ignored
    }
    const auto totals = budget.totals();
    CHECK(totals.tokens == 3200);
    CHECK(totals.cost_usd == Approx(0.25));
    CHECK(totals.reserved_tokens == 0);
    CHECK(totals.reserved_cost_usd == Approx(0));
}

TEST_CASE("a call of unknown price is counted as such, its tokens still spent", "[llm][budget]") {
    Budget budget({std::nullopt, 100'000});
    budget.reserve(10, std::nullopt)->settle(12, std::nullopt);
    CHECK(budget.totals().calls_of_unknown_cost == 1);
    CHECK(budget.totals().tokens == 12);
    CHECK(budget.totals().cost_usd == 0);
}

TEST_CASE("a reservation dropped unsettled gives its room back", "[llm][budget]") {
    Budget budget({std::nullopt, 1000});
    {
        auto held = budget.reserve(1000, std::nullopt);
        REQUIRE(held);
        CHECK_FALSE(budget.reserve(1, std::nullopt));
    }
    CHECK(budget.totals().reserved_tokens == 0);
    CHECK(budget.reserve(1000, std::nullopt));
}

TEST_CASE("many threads sharing a budget never hold more than its limit", "[llm][budget]") {
    Budget budget({std::nullopt, 1000});
    std::atomic<long> held{0};
    std::atomic<long> most_held{0};
    std::atomic<int> granted{0};
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 200; ++i) {
                    auto reservation = budget.reserve(100, std::nullopt);
                    if (!reservation) {
                        continue;
                    }
                    ++granted;
                    const long now = held += 100;
                    long seen = most_held.load();
                    while (now > seen && !most_held.compare_exchange_weak(seen, now)) {
                    }
                    held -= 100;
                }
            });
        }
    }
    CHECK(granted > 0);
    CHECK(most_held <= 1000);
    CHECK(budget.totals().reserved_tokens == 0);
    CHECK(budget.totals().tokens == 0);
}
