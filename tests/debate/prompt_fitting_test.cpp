// A participant's prompt within its context budget: the long values are cut, the template and names never are.

#include <catch2/catch.hpp>

#include "debate/prompt_fitting.hpp"
#include "llm/prompt_fit.hpp"

using namespace parley::debate;

namespace {

AgentConfig agent(std::string proposal_template, std::optional<long> budget, std::string kind = "openai") {
    AgentConfig a;
    a.id = a.name = "agent-x";
    a.role = "architect";
    a.model = "some-local-model";
    a.provider.kind = std::move(kind);
    a.context_budget_tokens = budget;
    a.prompts[PromptKind::system] = {"You are {{agent_name}}, the {{role}}.", "test"};
    a.prompts[PromptKind::proposal] = {std::move(proposal_template), "test"};
    return a;
}

const std::string kTemplate = "Solve this:\n{{problem}}\n\nWhat you said before:\n{{history_summary}}\n\nAnswer now.";

} // namespace

TEST_CASE("long values are cut so the prompt fits, the template and the names stay whole", "[debate][prompt_fit]") {
    const auto who = agent(kTemplate, 1'024);
    const auto fitted = render_fitted(who, PromptKind::proposal,
                                      {{"problem", std::string(10'000, 'p')},
                                       {"history_summary", std::string(20'000, 'h')},
                                       {"agent_name", "X"},
                                       {"role", "architect"}});
    REQUIRE(fitted.unfit.empty());
    REQUIRE(fitted.messages.size() == 2);
    CHECK(parley::llm::prompt_bytes(fitted.messages) <= parley::llm::prompt_bytes_allowed(1'024, std::nullopt));
    CHECK(fitted.messages[0].content == "You are X, the architect.");
    CHECK(fitted.messages[1].content.rfind("Solve this:\n", 0) == 0);
    CHECK_THAT(fitted.messages[1].content, Catch::EndsWith("\n\nAnswer now."));
    CHECK_THAT(fitted.messages[1].content, Catch::Contains("characters cut to fit agent-x's context budget"));
    CHECK(fitted.cut_bytes > 20'000);
}

TEST_CASE("a prompt that fits is not touched", "[debate][prompt_fit]") {
    const auto fitted =
        render_fitted(agent(kTemplate, 1'024), PromptKind::proposal, {{"problem", "p"}, {"history_summary", "h"}});
    CHECK(fitted.cut_bytes == 0);
    CHECK(fitted.messages[1].content == "Solve this:\np\n\nWhat you said before:\nh\n\nAnswer now.");
}

TEST_CASE("a template that alone passes the budget is unfit, said with the agent, budget and size",
          "[debate][prompt_fit]") {
    const auto fitted =
        render_fitted(agent(std::string(5'000, 't') + "{{problem}}", 1'024), PromptKind::proposal, {{"problem", "p"}});
    CHECK_THAT(fitted.unfit, Catch::Contains("about 1254 tokens"));
    CHECK_THAT(fitted.unfit, Catch::Contains("agent-x's context budget of 1024 tokens (configured)"));
    CHECK(fitted.unfit.find('\n') == std::string::npos);
}

TEST_CASE("an unknown model gets the default budget, and the offline provider none", "[debate][prompt_fit]") {
    const auto unknown = context_budget_of(agent(kTemplate, std::nullopt));
    REQUIRE(unknown);
    CHECK(unknown->tokens == parley::llm::kDefaultContextTokens);
    CHECK_FALSE(context_budget_of(agent(kTemplate, std::nullopt, "offline")).has_value());
    const auto offline = render_fitted(agent(kTemplate, 1'024, "offline"), PromptKind::proposal,
                                       {{"problem", std::string(100'000, 'p')}});
    CHECK(offline.cut_bytes == 0);
}
