#include <catch2/catch.hpp>

#include "debate/estimating_executor.hpp"

using namespace parley;
using namespace parley::debate;

namespace {

CallSpec call(llm::Purpose purpose, const std::string& kind, const std::string& model) {
    CallSpec spec;
    spec.provider = dry_run_provider();
    spec.provider_spec.kind = kind;
    spec.request.model = model;
    spec.request.messages = {{"system", std::string(40, 's')}, {"user", std::string(60, 'u')}};
    spec.request.context.purpose = purpose;
    return spec;
}

} // namespace

TEST_CASE("an estimating executor answers with text of the assumed length and tallies each phase", "[debate][plan]") {
    const llm::PriceTable prices;
    EstimatingExecutor executor(prices, false);
    executor.begin_phase("round 2 summaries");
    auto summary = call(llm::Purpose::summary, "offline", "m");
    summary.request.context.limit = 100;
    auto proposal = call(llm::Purpose::proposal, "offline", "m");
    const auto results = executor.run_batch({summary, proposal}, {});
    REQUIRE(results.size() == 2);
    REQUIRE(results[0]);
    REQUIRE(results[1]);
    CHECK(results[0]->content.size() == 100); // a summary is never longer than its maximum length
    CHECK(results[1]->content.size() == static_cast<std::size_t>(kPlanLowCompletionTokens) * 4);
    executor.begin_phase("round 2 critiques");
    REQUIRE(executor.phases().size() == 2);
    const auto& tally = executor.phases().front();
    CHECK(tally.name == "round 2 summaries");
    CHECK(tally.calls == 2);
    CHECK(tally.summary_calls == 1);
    CHECK(tally.prompt_tokens == 2 * 25);
    CHECK(tally.completion_tokens == 25 + kPlanLowCompletionTokens);
    CHECK(executor.phases().back().calls == 0);
    CHECK(executor.planned_calls() == 1);
}

TEST_CASE("an estimating executor prices network calls, lists unpriced models and never prices offline ones",
          "[debate][plan]") {
    const llm::PriceTable prices({{"paid", llm::ModelPrice{1.0, 2.0}}});
    EstimatingExecutor executor(prices, true);
    auto capped = call(llm::Purpose::critique, "openai", "paid");
    capped.request.max_tokens = 10;
    const auto results = executor.run_batch(
        {capped, call(llm::Purpose::critique, "openai", "mystery"), call(llm::Purpose::critique, "offline", "paid")},
        {});
    CHECK(results[0]->usage.completion_tokens == 10);
    CHECK(results[1]->usage.completion_tokens == kPlanDefaultMaxTokens);
    CHECK(executor.cost().usd == Approx((25.0 + 2.0 * 10.0) / 1e6));
    // The unpriced call is unknown, not free; the offline one is free.
    CHECK(executor.cost().unknown_calls == 1);
    CHECK(executor.unpriced_models() == std::set<std::string>{"mystery"});
}
