#include <catch2/catch.hpp>

#include <filesystem>

#include "debate/config.hpp"
#include "support/temp_dir.hpp"
#include "util/builtin_files.hpp"

using namespace parley;
using parley::testing::TempDir;

namespace {

const char* kValid = R"({
  "agents": [
    {"id": "a1", "name": "Arch", "role": "architect", "model": "m", "provider": "offline", "temperature": 0.5},
    {"id": "a2", "name": "Perf", "role": "performance", "model": "m", "provider": "offline", "temperature": 0.5, "enabled": false}
  ],
  "judge": {"id": "j", "name": "Judge", "role": "generalist", "model": "m", "provider": "offline", "temperature": 0.3},
  "debate": {"rounds": 2, "terminationCondition": {"type": "fixed"}, "synthesisMethod": "judge",
             "includeFullHistory": true, "timeoutPerRound": 300000}
})";

Error config_error(const std::string& text, const std::filesystem::path& base = {}) {
    auto config = debate::parse_config(text, "cfg.json", base);
    REQUIRE_FALSE(config);
    return config.error();
}

} // namespace

TEST_CASE("a dialectic-shaped config loads with every field", "[debate][config]") {
    auto config = debate::parse_config(kValid, "cfg.json", {});
    REQUIRE(config);
    REQUIRE(config->agents.size() == 2);
    CHECK(config->agents[0].role == "architect");
    CHECK_FALSE(config->agents[1].enabled);
    CHECK(config->judge.id == "j");
    CHECK(config->debate.rounds == 2);
    CHECK(config->warnings.empty());
    CHECK(config->agents[0].prompts.at(debate::PromptKind::proposal).source ==
          "built-in:prompts/roles/architect/proposal.md");
    CHECK(config->judge.prompts.count(debate::PromptKind::synthesis) == 1);
}

TEST_CASE("the built-in default config is valid", "[debate][config]") {
    auto config = debate::load_config("");
    REQUIRE(config);
    CHECK(config->warnings.empty());
    auto agents = debate::select_agents(*config, {});
    REQUIRE(agents);
    CHECK(agents->size() == 3);
}

TEST_CASE("invalid JSON names the file, line and column", "[debate][config]") {
    const auto e = config_error("{\n  \"agents\": [\n    {\"id\": \"a\",}\n  ]\n}");
    CHECK(e.kind == ErrorKind::config);
    CHECK_THAT(e.message, Catch::StartsWith("cfg.json:3:"));
    CHECK_THAT(e.message, Catch::Contains("invalid JSON"));
}

TEST_CASE("a wrong type names the JSON path and its line", "[debate][config]") {
    std::string text = kValid;
    text.replace(text.find("\"temperature\": 0.5"), 18, "\"temperature\": \"hot\"");
    const auto e = config_error(text);
    CHECK(e.kind == ErrorKind::config);
    CHECK(e.message == "cfg.json:3: agents[0].temperature: expected a number, got a string");
}

TEST_CASE("an unknown role is an error naming the known roles", "[debate][config]") {
    std::string text = kValid;
    text.replace(text.find("\"performance\""), 13, "\"wizard\"");
    const auto e = config_error(text);
    CHECK_THAT(e.message, Catch::StartsWith("cfg.json:4: agents[1].role: unknown role \"wizard\""));
    CHECK_THAT(e.message, Catch::Contains("architect, performance"));
}

TEST_CASE("a missing prompt file is an error naming the key and the file", "[debate][config]") {
    TempDir dir;
    std::string text = kValid;
    text.replace(text.find("\"provider\": \"offline\""), 21,
                 "\"provider\": \"offline\", \"systemPromptPath\": \"nope.md\"");
    const auto e = config_error(text, dir.path());
    CHECK_THAT(e.message, Catch::StartsWith("cfg.json:3: agents[0].systemPromptPath: cannot load prompt file"));
    CHECK_THAT(e.message, Catch::Contains("nope.md"));
}

TEST_CASE("a prompt file relative to the config is loaded and its placeholders checked", "[debate][config]") {
    TempDir dir;
    dir.write("good.md", "You are {{agent_name}} on {{problem}}");
    dir.write("bad.md", "You are {{agent_name}} on {{problme}}");
    std::string text = kValid;
    const auto at = text.find("\"provider\": \"offline\"");
    auto good = text;
    good.replace(at, 21, "\"provider\": \"offline\", \"systemPromptPath\": \"good.md\"");
    auto config = debate::parse_config(good, "cfg.json", dir.path());
    REQUIRE(config);
    CHECK(config->agents[0].prompts.at(debate::PromptKind::system).text == "You are {{agent_name}} on {{problem}}");
    auto bad = text;
    bad.replace(at, 21, "\"provider\": \"offline\", \"systemPromptPath\": \"bad.md\"");
    const auto e = config_error(bad, dir.path());
    CHECK_THAT(e.message, Catch::Contains("unknown placeholder {{problme}}"));
}

TEST_CASE("rounds below 1 are refused", "[debate][config]") {
    std::string text = kValid;
    text.replace(text.find("\"rounds\": 2"), 11, "\"rounds\": 0");
    const auto e = config_error(text);
    CHECK(e.message == "cfg.json:7: debate.rounds: must be at least 1, got 0");
}

TEST_CASE("a missing required field names the object that lacks it", "[debate][config]") {
    std::string text = kValid;
    text.replace(text.find("\"model\": \"m\", "), 13, "");
    const auto e = config_error(text);
    CHECK(e.message == "cfg.json:3: agents[0]: missing required field \"model\"");
}

TEST_CASE("unknown keys warn with their place and do not fail", "[debate][config]") {
    std::string text = kValid;
    text.replace(text.find("\"rounds\": 2"), 11, "\"rounds\": 2, \"colour\": \"red\"");
    auto config = debate::parse_config(text, "cfg.json", {});
    REQUIRE(config);
    REQUIRE(config->warnings.size() == 1);
    CHECK(config->warnings[0] == "cfg.json:7: debate.colour: unknown key, ignored");
}

TEST_CASE("duplicate ids across agents and the judge are refused", "[debate][config]") {
    std::string text = kValid;
    text.replace(text.find("\"id\": \"a2\""), 10, "\"id\": \"j\"");
    const auto e = config_error(text);
    CHECK_THAT(e.message, Catch::Contains("agents[1].id: duplicate id \"j\""));
}

TEST_CASE("the agents flag picks configured agents by role and adds defaults for missing roles", "[debate][config]") {
    auto config = debate::parse_config(kValid, "cfg.json", {});
    REQUIRE(config);
    auto agents = debate::select_agents(*config, {"performance", "kiss"});
    REQUIRE(agents);
    REQUIRE(agents->size() == 2);
    CHECK((*agents)[0].id == "a2");
    CHECK((*agents)[0].enabled);
    CHECK((*agents)[1].id == "agent-kiss");
    CHECK((*agents)[1].prompts.at(debate::PromptKind::system).source == "built-in:prompts/roles/kiss/system.md");
    auto bad = debate::select_agents(*config, {"wizard"});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == ErrorKind::invalid_input);
}

TEST_CASE("an openai-compatible provider needs a baseUrl", "[debate][config]") {
    std::string text = kValid;
    text.replace(text.find("\"provider\": \"offline\""), 21, "\"provider\": \"openai-compatible\"");
    const auto e = config_error(text);
    CHECK_THAT(e.message, Catch::Contains("needs \"baseUrl\""));
}

TEST_CASE("maxResponseBytes sets a provider's answer cap and refuses tiny ones", "[debate][config][hostile]") {
    std::string text = kValid;
    text.replace(text.find("\"temperature\": 0.5}"), 19, "\"temperature\": 0.5, \"maxResponseBytes\": 65536}");
    auto config = debate::parse_config(text, "cfg.json", {});
    REQUIRE(config);
    CHECK(config->agents.at(0).provider.max_response_bytes == 65536);
    CHECK(config->agents.at(1).provider.max_response_bytes == llm::kDefaultMaxResponseBytes);

    std::string tiny = kValid;
    tiny.replace(tiny.find("\"temperature\": 0.5}"), 19, "\"temperature\": 0.5, \"maxResponseBytes\": 10}");
    CHECK_THAT(config_error(tiny).message, Catch::Contains("maxResponseBytes"));
}

namespace {

// kValid with a "queue" section (or any other top-level key) added.
std::string with_section(const std::string& key, const std::string& value) {
    std::string text = kValid;
    text.insert(1, "\n  \"" + key + "\": " + value + ",");
    return text;
}

} // namespace

TEST_CASE("integers are checked before they are narrowed", "[debate][config][limits]") {
    std::string text = kValid;
    text.replace(text.find("\"rounds\": 2"), 11, "\"rounds\": 2147483648");
    CHECK(config_error(text).message == "cfg.json:7: debate.rounds: must be at most 100, got 2147483648");
    text = kValid;
    text.replace(text.find("\"rounds\": 2"), 11, "\"rounds\": 4294967297");
    CHECK(config_error(text).message == "cfg.json:7: debate.rounds: must be at most 100, got 4294967297");
    text = kValid;
    text.replace(text.find("\"rounds\": 2"), 11, "\"rounds\": 18446744073709551615");
    CHECK_THAT(config_error(text).message, Catch::Contains("must be at most 100"));
    text = kValid;
    text.replace(text.find("\"rounds\": 2"), 11, "\"rounds\": -9223372036854775808");
    CHECK_THAT(config_error(text).message, Catch::Contains("must be at least 1"));
    text = kValid;
    text.replace(text.find("\"temperature\": 0.5"), 18, "\"temperature\": 0.5, \"maxTokens\": 4294967297");
    CHECK(config_error(text).message == "cfg.json:3: agents[0].maxTokens: must be at most 1000000, got 4294967297");
}

TEST_CASE("queue values past their documented maximum are refused with file and line", "[debate][config][limits]") {
    CHECK(config_error(with_section("queue", "{\"workers\": 9223372036854775807}")).message ==
          "cfg.json:2: queue.workers: must be at most 256, got 9223372036854775807");
    CHECK(config_error(with_section("queue", "{\"workers\": 1000000000}")).message ==
          "cfg.json:2: queue.workers: must be at most 256, got 1000000000");
    CHECK(config_error(with_section("queue", "{\"retry\": {\"maxAttempts\": 2147483648}}")).message ==
          "cfg.json:2: queue.retry.maxAttempts: must be at most 100, got 2147483648");
    CHECK(config_error(with_section("queue", "{\"retry\": {\"baseDelayMs\": 9300000000000}}")).message ==
          "cfg.json:2: queue.retry.baseDelayMs: must be at most 86400000, got 9300000000000");
    CHECK(config_error(with_section("queue", "{\"retry\": {\"baseDelayMs\": 70000}}")).message ==
          "cfg.json:2: queue.retry.baseDelayMs: baseDelayMs (70000) must not exceed maxDelayMs (60000)");
    CHECK(config_error(with_section("queue", "{\"circuitBreaker\": {\"coolDownMs\": 86400001}}")).message ==
          "cfg.json:2: queue.circuitBreaker.coolDownMs: must be at most 86400000, got 86400001");
    CHECK(config_error(with_section("queue", "{\"lanes\": {\"openai\": {\"concurrency\": 100000}}}")).message ==
          "cfg.json:2: queue.lanes.openai.concurrency: must be at most 256, got 100000");
    CHECK_THAT(config_error(with_section("queue", "{\"defaultLane\": {\"requestsPerMinute\": 1e300}}")).message,
               Catch::Contains("queue.defaultLane.requestsPerMinute: must be greater than 0 and at most 1000000000"));
}

TEST_CASE("a timeout past 24 hours is refused at load", "[debate][config][limits]") {
    std::string text = kValid;
    text.replace(text.find("\"temperature\": 0.5"), 18,
                 "\"temperature\": 0.5, \"timeouts\": {\"totalMs\": 9300000000000}");
    CHECK(config_error(text).message ==
          "cfg.json:3: agents[0].timeouts.totalMs: must be at most 86400000, got 9300000000000");
}

TEST_CASE("a queue at its documented maximum loads", "[debate][config][limits]") {
    auto config = debate::parse_config(
        with_section("queue", "{\"workers\": 256, \"retry\": {\"maxAttempts\": 100, \"baseDelayMs\": 86400000, "
                              "\"maxDelayMs\": 86400000}}"),
        "cfg.json", {});
    REQUIRE(config);
    CHECK(config->queue.workers == 256);
    CHECK(config->queue.max_attempts == 100);
}

TEST_CASE("values from the file are shown escaped and shortened", "[debate][config]") {
    std::string text = kValid;
    text.replace(text.find("\"role\": \"architect\""), 19,
                 "\"role\": \"arch\\nitect" + std::string(3 * 1024 * 1024, 'x') + "\"");
    const auto message = config_error(text).message;
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.size() < 400);
    CHECK_THAT(message, Catch::Contains("unknown role \"arch\\nitect"));
    CHECK_THAT(message, Catch::Contains("…\" (3.0 MB)"));
}

TEST_CASE("a prompt path with a line break is shown escaped in the error", "[debate][config]") {
    std::string text = kValid;
    text.replace(text.find("\"temperature\": 0.5"), 18, "\"temperature\": 0.5, \"systemPromptPath\": \"no\\nsuch.md\"");
    const auto message = config_error(text).message;
    CHECK(message.find('\n') == std::string::npos);
    CHECK_THAT(message, Catch::Contains("cannot load prompt file: "));
    CHECK_THAT(message, Catch::Contains("no\\nsuch.md"));
}

TEST_CASE("dialectic's datamodeling role loads with built-in prompts", "[debate][config][dialectic]") {
    const std::string text = R"({"agents": [{"id": "d", "name": "Data", "role": "datamodeling", "model": "m",
                                "provider": "offline"}]})";
    auto config = debate::parse_config(text, "cfg.json", {});
    REQUIRE(config);
    CHECK(config->agents[0].role == "datamodeling");
    CHECK(config->agents[0].prompts.at(debate::PromptKind::proposal).source ==
          "built-in:prompts/roles/datamodeling/proposal.md");
    auto chosen = debate::select_agents(*config, {"datamodeling", "kiss"});
    REQUIRE(chosen);
    CHECK(chosen->size() == 2);
}

TEST_CASE("clarificationPromptPath adds its text after the built-in clarify prompt", "[debate][config][dialectic]") {
    TempDir dir;
    dir.write("ask.md", "Ask about retention first.");
    const std::string text = R"({"agents": [{"id": "a", "role": "architect", "model": "m", "provider": "offline",
                                "clarificationPromptPath": "ask.md"}]})";
    auto config = debate::parse_config(text, "cfg.json", dir.path());
    REQUIRE(config);
    for (const auto& warning : config->warnings) {
        CHECK_THAT(warning, !Catch::Contains("clarificationPromptPath"));
    }
    const auto& clarify = config->agents[0].prompts.at(debate::PromptKind::clarify);
    CHECK_THAT(clarify.text, Catch::StartsWith(std::string(*util::builtin_file("prompts/roles/architect/clarify.md"))));
    CHECK_THAT(clarify.text, Catch::EndsWith("\n\nAsk about retention first."));

    SECTION("a missing file is an error at that key") {
        const auto error = config_error(R"({"agents": [{"id": "a", "role": "architect", "model": "m",
            "provider": "offline", "clarificationPromptPath": "nope.md"}]})",
                                        dir.path());
        CHECK_THAT(error.message, Catch::Contains("agents[0].clarificationPromptPath"));
    }
}

TEST_CASE("dialectic keys parley does not act on are named with what parley does instead",
          "[debate][config][dialectic]") {
    const std::string text = R"({"agents": [{"id": "a", "role": "architect", "model": "m", "provider": "offline"}],
                                "debate": {"interactiveClarifications": true, "trace": "langfuse"}})";
    auto config = debate::parse_config(text, "cfg.json", {});
    REQUIRE(config);
    std::string all;
    for (const auto& w : config->warnings) {
        all += w + "\n";
    }
    CHECK_THAT(all, Catch::Contains("debate.interactiveClarifications") && Catch::Contains("--clarify"));
    CHECK_THAT(all, Catch::Contains("debate.trace") && Catch::Contains("--log-file"));
    CHECK_THAT(all, !Catch::Contains("unknown key"));
}

TEST_CASE("dialectic 0.7 tools and toolCallLimit are read; an unknown tool is warned about and skipped",
          "[debate][config][dialectic]") {
    TempDir dir;
    const std::string text = R"({"agents": [{"id": "a", "role": "architect", "model": "m", "provider": "offline",
                                "tools": [{"name": "context_search"}, {"name": "list_files"}, {"name": "file_raed"},
                                          {"name": "file_read"}], "toolCallLimit": 5}],
                                "debate": {"contextDirectory": "docs"}})";
    auto config = debate::parse_config(text, "cfg.json", dir.path());
    REQUIRE(config);
    using parley::tools::ToolKind;
    CHECK(config->agents[0].tools ==
          std::vector<ToolKind>{ToolKind::context_search, ToolKind::list_files, ToolKind::file_read});
    CHECK(config->agents[0].tool_call_limit == 5);
    CHECK(config->debate.context_directory == (dir.path() / "docs").string());
    std::vector<std::string> tool_warnings;
    for (const auto& w : config->warnings) {
        if (w.find("tool") != std::string::npos) {
            tool_warnings.push_back(w);
        }
    }
    REQUIRE(tool_warnings.size() == 1);
    CHECK_THAT(tool_warnings[0], Catch::Contains("agents[0].tools[2]") && Catch::Contains("unknown tool") &&
                                     Catch::Contains("did you mean \"file_read\""));
    // An agent without "toolCallLimit" gets dialectic's default.
    auto plain = debate::parse_config(R"({"agents": [{"id": "a", "role": "architect", "model": "m",
                                          "provider": "offline", "tools": ["search"]}]})",
                                      "cfg.json", {});
    REQUIRE(plain);
    CHECK(plain->agents[0].tool_call_limit == 10);
    CHECK_FALSE(debate::parse_config(R"({"agents": [{"id": "a", "role": "architect", "model": "m",
                                        "provider": "offline", "tools": "search"}]})",
                                     "cfg.json", {}));
}

TEST_CASE("a relative prompt path missing beside the config is the built-in file of that name", "[debate][config]") {
    TempDir dir;
    const std::string text = R"({"agents": [{"id": "a", "role": "architect", "model": "m", "provider": "offline",
                                "systemPromptPath": "prompts/roles/kiss/system.md"}]})";
    auto config = debate::parse_config(text, "cfg.json", dir.path());
    REQUIRE(config);
    CHECK(config->agents[0].prompts.at(debate::PromptKind::system).source == "built-in:prompts/roles/kiss/system.md");
}

TEST_CASE("a preset named configs/NAME.json loads from any folder", "[debate][config]") {
    TempDir dir;
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(dir.path());
    auto preset = debate::load_config("configs/ollama.json");
    auto bare = debate::load_config("openai.json");
    auto elsewhere = debate::load_config("mine/ollama.json");
    std::filesystem::current_path(previous);
    REQUIRE(preset);
    CHECK(preset->source == "configs/ollama.json (built in)");
    CHECK(preset->agents.front().provider.kind == "ollama");
    REQUIRE(bare);
    CHECK(bare->agents.front().provider.kind == "openai");
    CHECK_FALSE(elsewhere);
}

TEST_CASE("a relative caBundle is read from the config's folder", "[debate][config]") {
    const std::string text = R"({"agents": [{"id": "a", "role": "architect", "model": "m", "provider": "offline",
                                "caBundle": "certs/proxy.pem"}]})";
    auto config = debate::parse_config(text, "cfg.json", "/etc/parley");
    REQUIRE(config);
    CHECK(config->agents[0].provider.ca_bundle == "/etc/parley/certs/proxy.pem");
}

TEST_CASE("queue.unreachableWindowMs is read, 3 s by default, 0 to turn it off, at most 24 hours",
          "[debate][config][limits]") {
    const auto defaults = debate::parse_config(kValid, "cfg.json", {});
    REQUIRE(defaults);
    CHECK(defaults->queue.unreachable_window_ms == 3000);
    const auto off = debate::parse_config(with_section("queue", "{\"unreachableWindowMs\": 0}"), "cfg.json", {});
    REQUIRE(off);
    CHECK(off->queue.unreachable_window_ms == 0);
    CHECK(config_error(with_section("queue", "{\"unreachableWindowMs\": 86400001}")).message ==
          "cfg.json:2: queue.unreachableWindowMs: must be at most 86400000, got 86400001");
}

TEST_CASE("terminationCondition reads dialectic's convergence and quality and parley's stable", "[debate][config]") {
    const auto with = [](const std::string& condition) {
        std::string text = kValid;
        text.replace(text.find(R"({"type": "fixed"})"), 17, condition);
        return debate::parse_config(text, "cfg.json", {});
    };
    auto convergence = with(R"({"type": "convergence", "threshold": 80})");
    REQUIRE(convergence);
    CHECK(convergence->debate.termination.type == "convergence");
    CHECK(convergence->debate.termination.threshold == 80.0);
    CHECK(convergence->debate.termination.asks_judge());
    CHECK(convergence->warnings.empty());
    auto stable = with(R"({"type": "stable", "agreement": 0.75})");
    REQUIRE(stable);
    CHECK(stable->debate.termination.agreement == 0.75);
    CHECK_FALSE(stable->debate.termination.asks_judge());
    CHECK(debate::fingerprint({}, {}, convergence->debate) != debate::fingerprint({}, {}, stable->debate));
}

TEST_CASE("a bad terminationCondition is one line naming its JSON path", "[debate][config][errors]") {
    const auto error_for = [](const std::string& condition) {
        std::string text = kValid;
        text.replace(text.find(R"({"type": "fixed"})"), 17, condition);
        return config_error(text).message;
    };
    CHECK_THAT(error_for(R"({"type": "quality", "threshold": 120})"),
               Catch::EndsWith("debate.terminationCondition.threshold: must be a confidence from 0 to 100, got 120"));
    CHECK_THAT(error_for(R"({"type": "convergence", "threshold": -1})"),
               Catch::EndsWith("debate.terminationCondition.threshold: must be a confidence from 0 to 100, got -1"));
    CHECK_THAT(error_for(R"({"type": "convergence"})"),
               Catch::Contains("debate.terminationCondition.threshold: missing"));
    CHECK_THAT(error_for(R"({"type": "convergence", "threshold": "high"})"),
               Catch::EndsWith("debate.terminationCondition.threshold: expected a number, got a string"));
    CHECK_THAT(error_for(R"({"type": "votes"})"),
               Catch::Contains("debate.terminationCondition.type: unknown termination type \"votes\" (known: fixed, "
                               "convergence, quality, stable)"));
    CHECK_THAT(error_for(R"({"type": "stable", "agreement": 1.5})"),
               Catch::EndsWith("debate.terminationCondition.agreement: must be a share from 0 to 1, got 1.5"));
    CHECK_THAT(error_for(R"({"type": "fixed", "threshold": 50})"),
               Catch::Contains("only convergence and quality use a threshold"));
    for (const auto& bad : {R"({"type": "quality", "threshold": 120})", R"({"type": "votes"})"}) {
        CHECK(error_for(bad).find('\n') == std::string::npos);
    }
}
