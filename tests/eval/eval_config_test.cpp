// Eval configs: dialectic's files as they are, and one clear line for each mistake.

#include <catch2/catch.hpp>

#include "eval/eval_config.hpp"

using namespace parley::eval;

namespace {
const std::string kExamples = std::string(PARLEY_SOURCE_DIR) + "/examples/eval/dialectic/";
}

TEST_CASE("dialectic's one-evaluator config reads as it is", "[eval][config]") {
    const auto c = load_eval_config(kExamples + "eval_config1.json");
    REQUIRE(c);
    REQUIRE(c->evaluators.size() == 1);
    const auto& e = c->evaluators[0];
    CHECK(e.id == "eval-1");
    CHECK(e.name == "Gemini Flash Evaluator");
    CHECK(e.model == "google/gemini-2.5-flash-preview-09-2025");
    CHECK(e.provider.kind == "openrouter");
    CHECK(e.provider.timeouts.total_ms == 30000);
    CHECK(e.system_source == "built-in:prompts/eval/system.md");
    CHECK(e.user_prompt.find("{final_solution}") != std::string::npos);
    CHECK(c->warnings.empty());
}

TEST_CASE("dialectic's config with prompt files it does not ship warns and falls back to the built-in prompts",
          "[eval][config]") {
    const auto c = load_eval_config(kExamples + "eval_config2.json");
    REQUIRE(c);
    CHECK(c->evaluators.size() == 2);
    CHECK(c->warnings.size() == 4);
    CHECK_THAT(c->warnings[0], Catch::Contains("eval_system.md") && Catch::Contains("using the built-in prompt"));
    CHECK(c->evaluators[1].user_source == "built-in:prompts/eval/user.md");
}

TEST_CASE("disabled evaluators are left out, and a panel with none enabled is refused", "[eval][config]") {
    const auto c = parse_eval_config(R"({"agents": [{"id": "a", "model": "m", "provider": "openai"},
        {"id": "b", "model": "m", "provider": "openai", "enabled": false}]})",
                                     "panel.json", ".");
    REQUIRE(c);
    CHECK(c->evaluators.size() == 1);
    const auto none = parse_eval_config(
        R"({"agents": [{"id": "b", "model": "m", "provider": "openai", "enabled": false}]})", "panel.json", ".");
    REQUIRE_FALSE(none);
    CHECK_THAT(none.error().message, Catch::Contains("panel.json") && Catch::Contains("no evaluator is enabled"));
}

TEST_CASE("config mistakes name the file, line and field", "[eval][config]") {
    const auto bad = parse_eval_config("{\"agents\": [\n {\"id\": \"a\", \"model\": \"m\", \"provider\": \"acme\"}]}",
                                       "panel.json", ".");
    REQUIRE_FALSE(bad);
    CHECK_THAT(bad.error().message, Catch::Contains("panel.json:2") && Catch::Contains("unknown provider"));
    const auto missing = parse_eval_config(R"({"agents": [{"id": "a", "provider": "openai"}]})", "panel.json", ".");
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains("missing required field \"model\""));
    CHECK_FALSE(parse_eval_config(R"({"agents": []})", "panel.json", "."));
    CHECK_FALSE(parse_eval_config("[1]", "panel.json", "."));
}

TEST_CASE("a panel of offline evaluators only is labelled offline, as the built-in one", "[eval][config]") {
    const auto example = load_eval_config(std::string(PARLEY_SOURCE_DIR) + "/examples/eval/offline-panel.json");
    REQUIRE(example);
    CHECK(example->offline);
    const auto mixed = parse_eval_config(R"({"agents": [{"id": "a", "model": "parley-offline-1", "provider": "offline"},
        {"id": "b", "model": "m", "provider": "openai"}]})",
                                         "mixed.json", ".");
    REQUIRE(mixed);
    CHECK_FALSE(mixed->offline);
    CHECK_FALSE(load_eval_config(kExamples + "eval_config1.json")->offline);
}
