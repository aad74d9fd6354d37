#include <catch2/catch.hpp>

#include <algorithm>

#include "debate/config.hpp"

using namespace parley;

namespace {

debate::DebateConfig parsed(const std::string& text) {
    auto config = debate::parse_config(text, "cfg.json", {});
    INFO((config ? std::string() : config.error().message));
    REQUIRE(config);
    return *config;
}

bool has_warning(const debate::DebateConfig& config, const std::string& text) {
    return std::any_of(config.warnings.begin(), config.warnings.end(),
                       [&](const std::string& w) { return w.find(text) != std::string::npos; });
}

} // namespace

TEST_CASE("agents and the judge take the config's defaults unless they set their own", "[debate][config][defaults]") {
    const auto config = parsed(R"({
  "defaults": {"provider": "vllm", "baseUrl": "http://127.0.0.1:8000/v1", "model": "qwen", "apiKeyEnv": "LOCAL_KEY",
               "temperature": 0.2, "timeout": 5000},
  "agents": [
    {"id": "a1", "role": "architect"},
    {"id": "a2", "role": "security", "model": "other", "temperature": 0.9},
    {"id": "a3", "role": "performance", "provider": "openai", "model": "gpt-4o"}
  ],
  "judge": {"id": "j", "role": "generalist"}
})");
    const auto& a1 = config.agents[0];
    CHECK(a1.provider.kind == "vllm");
    CHECK(a1.provider.base_url == "http://127.0.0.1:8000/v1");
    CHECK(a1.provider.api_key_env == "LOCAL_KEY");
    CHECK(a1.model == "qwen");
    CHECK(a1.temperature == 0.2);
    CHECK(a1.provider.timeouts.total_ms == 5000);
    CHECK(a1.provider.timeouts.first_byte_ms == 5000);
    CHECK(config.agents[1].model == "other");
    CHECK(config.agents[1].temperature == 0.9);
    // An agent sent to another provider keeps that provider's own address and key, never the defaults' server.
    CHECK(config.agents[2].provider.kind == "openai");
    CHECK(config.agents[2].provider.base_url.empty());
    CHECK(config.agents[2].provider.api_key_env.empty());
    CHECK(config.judge.provider.kind == "vllm");
    CHECK(config.judge.model == "qwen");
    CHECK(config.judge.temperature == 0.2);
    CHECK(config.warnings.empty());
}

TEST_CASE("a config with defaults and no judge runs the built-in judge on the defaults' model",
          "[debate][config][defaults]") {
    const auto config = parsed(R"({"defaults": {"provider": "ollama", "model": "llama3.1:8b"},
                                   "agents": [{"id": "a1", "role": "architect"}]})");
    CHECK(config.judge.provider.kind == "ollama");
    CHECK(config.judge.model == "llama3.1:8b");
    CHECK(config.judge.temperature == 0.3);
    CHECK(config.judge.prompts.count(debate::PromptKind::synthesis) == 1);
    CHECK_FALSE(has_warning(config, "judge"));
}

TEST_CASE("a config without defaults keeps dialectic's rules", "[debate][config][defaults]") {
    auto missing_model = debate::parse_config(R"({"agents": [{"id": "a1", "role": "architect"}]})", "cfg.json", {});
    REQUIRE_FALSE(missing_model);
    CHECK_THAT(missing_model.error().message, Catch::Contains("missing required field \"model\""));
    const auto config = parsed(R"({"agents": [{"id": "a1", "role": "architect", "model": "m"}]})");
    CHECK(config.agents[0].provider.kind == "offline");
    CHECK(config.agents[0].temperature == 0.5);
    CHECK(has_warning(config, "built-in offline judge"));
}

TEST_CASE("a bad defaults block fails with the file, line and key", "[debate][config][defaults]") {
    const auto check = [](const std::string& text, const std::string& expected) {
        auto config = debate::parse_config(text, "cfg.json", {});
        REQUIRE_FALSE(config);
        CHECK(config.error().kind == ErrorKind::config);
        CHECK_THAT(config.error().message, Catch::Contains(expected));
    };
    check("{\"agents\": [{\"id\": \"a\", \"role\": \"architect\"}],\n \"defaults\": {\"model\": \"m\",\n"
          "  \"temperature\": 3}}",
          "cfg.json:3: defaults.temperature: expected a number from 0 to 2, got 3");
    check(R"({"defaults": {"provider": "olama", "model": "m"}, "agents": [{"id": "a", "role": "architect"}]})",
          "unknown provider \"olama\"");
    check(R"({"defaults": {"provider": "olama", "model": "m"}, "agents": [{"id": "a", "role": "architect"}]})",
          "did you mean \"ollama\"?");
    check(R"({"defaults": {"timeout": 0, "model": "m"}, "agents": [{"id": "a", "role": "architect"}]})",
          "defaults.timeout: expected whole milliseconds from 1 to 86400000, got 0");
    check(R"({"defaults": "ollama", "agents": [{"id": "a", "role": "architect", "model": "m"}]})",
          "defaults: expected an object, got a string");
}

TEST_CASE("a mistyped config key is named with the nearest valid one", "[debate][config][suggest]") {
    const auto config = parsed(R"({
  "defaults": {"model": "m", "temprature": 0.2},
  "rounds": 2,
  "agents": [{"id": "a1", "role": "architect", "baseURL": "http://127.0.0.1:1/v1"}],
  "debate": {"round": 2}
})");
    CHECK(has_warning(config, "cfg.json:2: defaults.temprature: unknown key, ignored; did you mean \"temperature\"?"));
    CHECK(has_warning(config, "cfg.json:3: rounds: unknown key, ignored; did you mean \"debate.rounds\"?"));
    CHECK(has_warning(config, "agents[0].baseURL: unknown key, ignored; did you mean \"baseUrl\"?"));
    CHECK(has_warning(config, "debate.round: unknown key, ignored; did you mean \"rounds\"?"));
    const auto far = parsed(R"({"agents": [{"id": "a1", "role": "architect", "model": "m", "zzzzzz": 1}]})");
    CHECK(has_warning(far, "agents[0].zzzzzz: unknown key, ignored"));
    CHECK_FALSE(has_warning(far, "did you mean"));
}

TEST_CASE("a context budget is set per agent or in defaults, checked, and suggested when mistyped",
          "[debate][config][prompt_fit]") {
    const auto config = parsed(R"({
  "defaults": {"model": "m", "contextBudgetTokens": 16000},
  "agents": [{"id": "a1", "role": "architect"}, {"id": "a2", "role": "security", "contextBudgetTokens": 4096},
             {"id": "a3", "role": "testing", "contextBudgetToken": 2048}]
})");
    CHECK(config.agents[0].context_budget_tokens == 16000);
    CHECK(config.agents[1].context_budget_tokens == 4096);
    CHECK(config.judge.context_budget_tokens == 16000);
    CHECK(has_warning(config, "agents[2].contextBudgetToken: unknown key, ignored; did you mean "
                              "\"contextBudgetTokens\"?"));
    auto bad = debate::parse_config(
        R"({"agents": [{"id": "a", "role": "architect", "model": "m", "contextBudgetTokens": 100}]})", "cfg.json", {});
    REQUIRE_FALSE(bad);
    CHECK_THAT(bad.error().message, Catch::Contains("agents[0].contextBudgetTokens: must be at least 1024, got 100"));
    auto bad_default = debate::parse_config(
        R"({"defaults": {"model": "m", "contextBudgetTokens": "8k"}, "agents": [{"id": "a", "role": "architect"}]})",
        "cfg.json", {});
    REQUIRE_FALSE(bad_default);
    CHECK_THAT(bad_default.error().message,
               Catch::Contains("defaults.contextBudgetTokens: expected whole tokens from 1024 to 10000000"));
}
