// An eval config's "defaults": one block points every evaluator at one server.

#include <catch2/catch.hpp>

#include "eval/eval_config.hpp"

using namespace parley::eval;

TEST_CASE("evaluators take the eval config's defaults unless they set their own", "[eval][config][defaults]") {
    const auto c = parse_eval_config(R"({
  "defaults": {"provider": "ollama", "baseUrl": "http://127.0.0.1:11434/v1", "model": "llama3.1:8b",
               "temperature": 0.0, "timeout": 9000},
  "agents": [{"id": "e1"}, {"id": "e2", "model": "qwen", "temperature": 0.5},
             {"id": "e3", "provider": "openrouter", "model": "x/y"}]
})",
                                     "eval.json", {});
    REQUIRE(c);
    REQUIRE(c->evaluators.size() == 3);
    const auto& e1 = c->evaluators[0];
    CHECK(e1.provider.kind == "ollama");
    CHECK(e1.provider.base_url == "http://127.0.0.1:11434/v1");
    CHECK(e1.model == "llama3.1:8b");
    CHECK(e1.temperature == 0.0);
    CHECK(e1.provider.timeouts.total_ms == 9000);
    CHECK(c->evaluators[1].model == "qwen");
    CHECK(c->evaluators[1].temperature == 0.5);
    CHECK(c->evaluators[2].provider.kind == "openrouter");
    CHECK(c->evaluators[2].provider.base_url.empty());
    CHECK(c->warnings.empty());
}

TEST_CASE("an eval config without defaults still needs each evaluator's provider and model",
          "[eval][config][defaults]") {
    const auto c = parse_eval_config(R"({"agents": [{"id": "e1", "model": "m"}]})", "eval.json", {});
    REQUIRE_FALSE(c);
    CHECK_THAT(c.error().message, Catch::Contains("missing required field \"provider\""));
}

TEST_CASE("a mistyped eval config key gets the nearest valid name", "[eval][config][suggest]") {
    const auto c = parse_eval_config(
        R"({"defaults": {"provider": "offline", "model": "m"}, "agents": [{"id": "e1", "temprature": 0.2}], "agent": 1})",
        "eval.json", {});
    REQUIRE(c);
    REQUIRE(c->warnings.size() == 2);
    CHECK_THAT(c->warnings[0], Catch::Contains("agents[0].temprature: unknown key, ignored; did you mean "
                                               "\"temperature\"?"));
    CHECK_THAT(c->warnings[1], Catch::Contains("agent: unknown key, ignored; did you mean \"agents\"?"));
}
