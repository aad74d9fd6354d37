#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "debate/debate_state.hpp"
#include "report/markdown_report.hpp"
#include "report/sample_debate.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using parley::ErrorKind;
using parley::debate::ContributionType;
using parley::debate::DebateState;
using parley::debate::from_json;
using parley::debate::load_debate;
using parley::debate::save_debate;
using parley::debate::to_json;
using parley::testing::kDialecticDebateJson;
using parley::testing::read_file;
using parley::testing::sample_debate;
using parley::testing::TempDir;

namespace {

std::string render(const DebateState& state) {
    return parley::report::render_markdown(state, parley::report::ReportOptions{true});
}

// The error message load_debate gives for a file holding `text`, or "" when it loads.
std::string load_error(const TempDir& dir, const std::string& text,
                       ErrorKind expected_kind = ErrorKind::invalid_input) {
    const auto path = dir.write("debate.json", text);
    auto loaded = load_debate(path.string());
    if (loaded) {
        return "";
    }
    CHECK(loaded.error().kind == expected_kind);
    CHECK(loaded.error().message.find('\n') == std::string::npos);
    return loaded.error().message;
}

json minimal_debate() {
    return json::parse(R"({"id": "d1", "problem": "p", "status": "completed", "rounds": [
        {"roundNumber": 1, "timestamp": "2025-01-01T00:00:00.000Z", "contributions": [
            {"agentId": "a", "agentRole": "architect", "type": "proposal", "content": "x", "metadata": {}}]}]})");
}

} // namespace

TEST_CASE("a debate survives a JSON round trip unchanged, down to the report bytes", "[debate][json]") {
    const auto state = sample_debate();
    const auto first = to_json(state);
    auto again = from_json(first);
    REQUIRE(again);
    CHECK(to_json(*again) == first);
    CHECK(render(*again) == render(state));
    CHECK(again->metrics.phase_order == state.metrics.phase_order);
    CHECK(again->metrics.phase_wall_ms == state.metrics.phase_wall_ms);

    SECTION("through a file too") {
        TempDir dir;
        const auto path = (dir.path() / "deb.json").string();
        REQUIRE(save_debate(state, path));
        auto loaded = load_debate(path);
        REQUIRE(loaded);
        CHECK(to_json(*loaded) == first);
        CHECK(render(*loaded) == render(state));
    }
}

TEST_CASE("the JSON parley writes has dialectic's shape, with parley's extras set apart", "[debate][json]") {
    TempDir dir;
    const auto path = (dir.path() / "deb.json").string();
    REQUIRE(save_debate(sample_debate(), path));
    const auto text = read_file(path);
    CHECK(text.substr(0, 4) == "{\n  ");
    CHECK(text.back() == '\n');
    CHECK(text[text.size() - 2] == '}');
    const auto j = json::parse(text);

    CHECK(j["currentRound"] == 2);
    CHECK(j["createdAt"] == "2026-11-24T10:15:00.000Z");
    CHECK_FALSE(j.contains("context"));
    for (const auto& c : j["rounds"][0]["contributions"]) {
        CHECK(c.contains("targetAgentId") == (c["type"] == "critique"));
        CHECK(c["metadata"]["tokensUsed"].is_number_integer());
        CHECK(c["metadata"]["parley"]["provider"] == "openai (api.openai.com)");
    }
    CHECK(j["rounds"][1]["summaries"]["agent-architect"]["metadata"]["beforeChars"] == 9000);
    CHECK_FALSE(j["rounds"][0].contains("summaries"));
    CHECK(j["finalSolution"]["confidence"] == 72);
    CHECK(j["finalSolution"]["openQuestions"] == json::array({"Is multi-region required?"}));
    CHECK(j["clarifications"][0]["items"][0]["answer"] == "NA");
    CHECK(j["judgeSummary"]["agentId"] == "judge-main");

    const auto& extras = j["parley"];
    CHECK(extras["metrics"]["calls"].is_number());
    CHECK(extras["metrics"]["phases"][0]["name"] == "round 1 proposals");
    CHECK(extras["agents"].size() == 3);
    CHECK(extras["judge"]["id"] == "judge-main");
    CHECK(extras["prompts"].size() == 2);
    CHECK(extras["seed"] == 7);
}

TEST_CASE("a debate saved by dialectic is read as is and keeps what parley does not use", "[debate][json]") {
    TempDir dir;
    const auto path = dir.write("dialectic.json", kDialecticDebateJson);
    auto loaded = load_debate(path.string());
    INFO((loaded ? "" : loaded.error().message));
    REQUIRE(loaded);
    const auto& s = *loaded;
    CHECK(s.id == "deb-20250101-120000");
    CHECK(s.context == "Traffic peaks at 5,000 requests per second.");
    REQUIRE(s.rounds.size() == 1);
    REQUIRE(s.rounds[0].contributions.size() == 6);
    CHECK(s.rounds[0].contributions[2].type == ContributionType::critique);
    CHECK(s.rounds[0].contributions[2].target_agent_id == "agent-kiss");
    CHECK(s.rounds[0].contributions[0].metadata.tokens_used == 812);
    CHECK_FALSE(s.rounds[0].contributions[3].metadata.latency_ms);
    CHECK(s.rounds[0].summaries.at("agent-architect").before_chars == 5200);
    CHECK(s.final_solution->implementation.empty());
    CHECK(s.final_solution->confidence == 80);
    CHECK(s.clarifications[0].items[1].answer == "NA");
    CHECK(s.agents.empty());
    CHECK_FALSE(s.offline);

    const auto rewritten = (dir.path() / "rewritten.json").string();
    REQUIRE(save_debate(s, rewritten));
    const auto j = json::parse(read_file(rewritten));
    const auto original = json::parse(kDialecticDebateJson);
    CHECK(j["promptSources"] == original["promptSources"]);
    CHECK(j["userFeedback"] == 1);
    CHECK(j["rounds"][0]["contributions"][1]["metadata"] == original["rounds"][0]["contributions"][1]["metadata"]);
    CHECK(j["rounds"][0]["summaries"] == original["rounds"][0]["summaries"]);
    CHECK(j["rounds"][0]["contributions"] == original["rounds"][0]["contributions"]);
    CHECK(j["clarifications"] == original["clarifications"]);
    CHECK(j["finalSolution"] == original["finalSolution"]);
}

TEST_CASE("dialectic's optional fields may be missing or null", "[debate][json]") {
    auto j = minimal_debate();
    j["context"] = nullptr;
    j["finalSolution"] = nullptr;
    j["rounds"][0]["summaries"] = nullptr;
    j["rounds"][0]["contributions"][0].erase("metadata");
    auto s = from_json(j);
    REQUIRE(s);
    CHECK(s->current_round == 1);
    CHECK_FALSE(s->final_solution);
    CHECK(s->rounds[0].summaries.empty());
    CHECK(s->created_at.empty());
}

TEST_CASE("timestamps written as epoch milliseconds are read as ISO 8601", "[debate][json]") {
    auto j = minimal_debate();
    j["createdAt"] = 1735732800000LL;
    j["rounds"][0]["timestamp"] = 1735732800250.0;
    auto s = from_json(j);
    REQUIRE(s);
    CHECK(s->created_at == "2025-01-01T12:00:00.000Z");
    CHECK(s->rounds[0].timestamp == "2025-01-01T12:00:00.250Z");
}

TEST_CASE("bad debate input gives one clear line naming the place", "[debate][json][errors]") {
    TempDir dir;
    SECTION("not JSON") {
        const auto message = load_error(dir, "# A Markdown report\n");
        CHECK_THAT(message, Catch::StartsWith((dir.path() / "debate.json").string() + ":1:"));
        CHECK_THAT(message, Catch::Contains("invalid JSON"));
    }
    SECTION("empty file") {
        CHECK_THAT(load_error(dir, ""), Catch::Contains("invalid JSON"));
    }
    SECTION("a wrong type deep inside names the JSON path and the line") {
        auto j = minimal_debate();
        j["rounds"][0]["contributions"][0]["metadata"]["latencyMs"] = "fast";
        const auto message = load_error(dir, j.dump(2));
        CHECK_THAT(message,
                   Catch::Contains("rounds[0].contributions[0].metadata.latencyMs: expected a number, got a string"));
        CHECK_THAT(message, Catch::StartsWith((dir.path() / "debate.json").string() + ":"));
    }
    SECTION("an unknown contribution type lists the valid ones") {
        auto j = minimal_debate();
        j["rounds"][0]["contributions"][0]["type"] = "rebuttal";
        CHECK_THAT(load_error(dir, j.dump(2)),
                   Catch::Contains("rounds[0].contributions[0].type: expected one of proposal, critique, refinement, "
                                   "got \"rebuttal\""));
    }
    SECTION("a missing required field") {
        auto j = minimal_debate();
        j["rounds"][0]["contributions"][0].erase("content");
        CHECK_THAT(load_error(dir, j.dump(2)),
                   Catch::Contains("rounds[0].contributions[0].content: missing required field"));
        j = minimal_debate();
        j.erase("id");
        CHECK_THAT(load_error(dir, j.dump()), Catch::Contains("id: missing required field"));
    }
    SECTION("rounds that are not an array, as in the CLI test") {
        CHECK_THAT(load_error(dir, R"({"id": "x", "problem": "p", "status": "s", "rounds": "many"})"),
                   Catch::Contains("rounds: expected an array, got a string"));
    }
    SECTION("a JSON array instead of a debate") {
        CHECK_THAT(load_error(dir, "[1, 2]"), Catch::Contains("expected a debate (a JSON object)"));
    }
    SECTION("invalid UTF-8") {
        const auto message = load_error(dir, "{\n\"id\": \"d\xff\"}");
        CHECK_THAT(message, Catch::Contains("debate.json:2: not valid UTF-8 (byte 10)"));
    }
    SECTION("absurd nesting is refused before parsing") {
        const auto message = load_error(dir, std::string(100000, '[') + std::string(100000, ']'));
        CHECK_THAT(message, Catch::Contains("debate.json:1:65: nesting deeper than 64 levels"));
    }
    SECTION("a round number past the int range is refused, not wrapped") {
        auto j = minimal_debate();
        j["rounds"][0]["roundNumber"] = 4294967297LL;
        CHECK_THAT(load_error(dir, j.dump(2)),
                   Catch::Contains("rounds[0].roundNumber: expected a round number from 0 to 1000000, got 4294967297"));
        j = minimal_debate();
        j["currentRound"] = -1;
        CHECK_THAT(load_error(dir, j.dump(2)), Catch::Contains("currentRound: expected a round number"));
    }
    SECTION("a value shown in a message is escaped and shortened") {
        auto j = minimal_debate();
        j["rounds"][0]["contributions"][0]["type"] = "re\nbuttal" + std::string(200, 'x');
        const auto message = load_error(dir, j.dump(2));
        CHECK_THAT(message, Catch::Contains("got \"re\\nbuttal"));
        CHECK_THAT(message, Catch::EndsWith("…\" (209 bytes)"));
    }
    SECTION("a file over the size limit") {
        const auto path = dir.write("big.json", minimal_debate().dump());
        auto loaded = load_debate(path.string(), 16);
        REQUIRE_FALSE(loaded);
        CHECK(loaded.error().kind == ErrorKind::invalid_input);
        CHECK_THAT(loaded.error().message, Catch::Contains("larger than the limit"));
    }
    SECTION("a missing file") {
        auto loaded = load_debate((dir.path() / "nope.json").string());
        REQUIRE_FALSE(loaded);
        CHECK_THAT(loaded.error().message, Catch::Contains("nope.json"));
    }
    SECTION("from_json names the path without a file") {
        auto j = minimal_debate();
        j["parley"] = json::parse(R"({"metrics": {"phases": [{"name": 3}]}})");
        auto s = from_json(j);
        REQUIRE_FALSE(s);
        CHECK(s.error().message == "parley.metrics.phases[0].name: expected a string, got a number");
    }
}

TEST_CASE("invalid UTF-8 in model text is saved without throwing and reads back as U+FFFD", "[debate][json]") {
    auto state = sample_debate(2, 1);
    state.rounds[0].contributions[0].content = "bad \xff\xfe bytes and a cut \xe2\x82";
    state.prompts[0]["user"] = std::string("prompt \xc3");
    TempDir dir;
    const auto path = (dir.path() / "deb.json").string();
    REQUIRE(save_debate(state, path));
    auto loaded = load_debate(path);
    REQUIRE(loaded);
    CHECK(loaded->rounds[0].contributions[0].content == "bad \xef\xbf\xbd\xef\xbf\xbd bytes and a cut \xef\xbf\xbd");
    CHECK(render(*loaded) == render(state));
}

TEST_CASE("save_debate replaces the file atomically and leaves nothing behind", "[debate][json]") {
    TempDir dir;
    const auto path = dir.write("deb.json", "old content");
    auto state = sample_debate(1, 1);
    REQUIRE(save_debate(state, path.string()));
    CHECK(json::parse(read_file(path))["id"] == state.id);
    state.status = "failed";
    REQUIRE(save_debate(state, path.string()));
    CHECK(json::parse(read_file(path))["status"] == "failed");
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        CHECK(entry.path().filename() == "deb.json");
        ++files;
    }
    CHECK(files == 1);

    SECTION("a folder that cannot be written gives an io error, not a crash") {
        const auto blocked = dir.write("file", "x") / "deb.json";
        auto saved = save_debate(state, blocked.string());
        REQUIRE_FALSE(saved);
        CHECK(saved.error().kind == ErrorKind::io);
    }
}

namespace {

// The sample debate with every figure the call events give, as MetricsCollector::apply_to fills them.
DebateState with_run_metrics() {
    auto state = sample_debate();
    auto& m = state.metrics;
    m.calls_from_journal = 5;
    m.calls_failed = 1;
    m.calls_cancelled = 2;
    m.retries = {{"429 rate limited", 3}, {"5xx", 1}};
    m.queue_wait = {21, 12.5, 40};
    m.providers["openai (api.openai.com)"] = {{16, 1180.25, 2400}, {16, 310, 650.5}};
    m.cost = {0.012345, 1};
    m.cost_by_agent["agent-architect"] = {0.004, 0};
    m.cost_by_agent["judge-main"] = {0.008345, 1};
    m.cost_by_phase = {{"proposal", {0.003, 0}}, {"critique", {0.001, 0}}, {"synthesis", {0.008345, 1}}};
    state.rounds[0].contributions[0].metadata.cost_usd = 0.00042;
    state.rounds[0].contributions[1].metadata.cost_usd = 0;
    return state;
}

} // namespace

TEST_CASE("run metrics and contribution costs survive a JSON round trip", "[debate][json][metrics]") {
    const auto state = with_run_metrics();
    const auto first = to_json(state);
    const auto& m = first["parley"]["metrics"];
    CHECK(m["callsFromJournal"] == 5);
    CHECK(m["callsFailed"] == 1);
    CHECK(m["callsCancelled"] == 2);
    CHECK(m["retries"]["429 rate limited"] == 3);
    CHECK(m["queueWait"] == json::parse(R"({"samples": 21, "p50Ms": 12.5, "p95Ms": 40})"));
    CHECK(m["providers"]["openai (api.openai.com)"]["timeToFirstToken"]["p95Ms"] == 650.5);
    CHECK(m["cost"]["usd"] == 0.012345);
    CHECK(m["cost"]["unknownCalls"] == 1);
    CHECK(m["cost"]["byAgent"]["judge-main"]["unknownCalls"] == 1);
    CHECK(m["cost"]["byPhase"][2] == json::parse(R"({"phase": "synthesis", "usd": 0.008345, "unknownCalls": 1})"));
    const auto& contributions = first["rounds"][0]["contributions"];
    CHECK(contributions[0]["metadata"]["parley"]["costUsd"] == 0.00042);
    CHECK(contributions[1]["metadata"]["parley"]["costUsd"] == 0);
    CHECK_FALSE(contributions[2]["metadata"]["parley"].contains("costUsd"));

    auto again = from_json(first);
    REQUIRE(again);
    CHECK(to_json(*again) == first);
    CHECK(render(*again) == render(state));
    CHECK(again->metrics.retries == state.metrics.retries);
    CHECK(again->metrics.cost_by_phase.size() == 3);
    CHECK(again->metrics.cost_by_phase[1].first == "critique");
    CHECK(again->rounds[0].contributions[0].metadata.cost_usd == 0.00042);
    CHECK_FALSE(again->rounds[0].contributions[2].metadata.cost_usd);
}

TEST_CASE("the synthesis call and its repair keep their tokens through a JSON round trip", "[debate][json][metrics]") {
    auto state = with_run_metrics();
    REQUIRE(state.final_solution);
    auto& s = *state.final_solution;
    s.metadata.model = "judge-model";
    s.metadata.prompt_tokens = 900;
    s.metadata.completion_tokens = 120;
    s.metadata.tokens_used = 1020;
    s.repair_metadata = s.metadata;
    s.repair_metadata->prompt_tokens = 1400;
    const auto first = to_json(state);
    CHECK(first["finalSolution"]["metadata"]["parley"]["promptTokens"] == 900);
    CHECK(first["finalSolution"]["repairMetadata"]["parley"]["promptTokens"] == 1400);
    auto again = from_json(first);
    REQUIRE(again);
    CHECK(to_json(*again) == first);
    CHECK(again->final_solution->metadata.completion_tokens == 120);
    REQUIRE(again->final_solution->repair_metadata);
    CHECK(again->final_solution->repair_metadata->prompt_tokens == 1400);
    // A file without a synthesis call (dialectic's) gains none when rewritten.
    auto bare = first;
    bare["finalSolution"].erase("metadata");
    bare["finalSolution"].erase("repairMetadata");
    auto read = from_json(bare);
    REQUIRE(read);
    CHECK_FALSE(to_json(*read)["finalSolution"].contains("metadata"));
}

TEST_CASE("a file written before run metrics and costs existed still loads, with zeros", "[debate][json][metrics]") {
    auto j = to_json(with_run_metrics());
    auto& m = j["parley"]["metrics"];
    for (const char* key :
         {"callsFromJournal", "callsFailed", "callsCancelled", "retries", "queueWait", "providers", "cost"}) {
        m.erase(key);
    }
    j["rounds"][0]["contributions"][0]["metadata"]["parley"].erase("costUsd");
    auto s = from_json(j);
    INFO((s ? "" : s.error().message));
    REQUIRE(s);
    CHECK(s->metrics.calls == sample_debate().metrics.calls);
    CHECK(s->metrics.calls_from_journal == 0);
    CHECK(s->metrics.retries.empty());
    CHECK(s->metrics.queue_wait.samples == 0);
    CHECK(s->metrics.providers.empty());
    CHECK(s->metrics.cost.usd == 0);
    CHECK(s->metrics.cost.unknown_calls == 0);
    CHECK(s->metrics.cost_by_phase.empty());
    CHECK_FALSE(s->rounds[0].contributions[0].metadata.cost_usd);
}

TEST_CASE("a run metric of the wrong type is named by its path", "[debate][json][metrics][errors]") {
    auto j = to_json(with_run_metrics());
    j["parley"]["metrics"]["cost"]["byPhase"][1]["usd"] = "cheap";
    auto s = from_json(j);
    REQUIRE_FALSE(s);
    CHECK(s.error().message == "parley.metrics.cost.byPhase[1].usd: expected a number, got a string");
}

TEST_CASE("the judge's disagreements and a failed run's error survive a JSON round trip", "[debate][json]") {
    auto state = sample_debate();
    state.status = "failed";
    state.error = "round 2 critiques: the provider refused the key (401)";
    state.final_solution->disagreements = {{"Push or pull", {{"pull", {"agent-architect"}}, {"push", {}}}}};
    const auto saved = to_json(state);
    CHECK(saved["parley"]["error"] == state.error);
    CHECK(saved["finalSolution"]["disagreements"][0]["positions"][0]["agents"][0] == "agent-architect");
    auto again = from_json(saved);
    REQUIRE(again);
    CHECK(again->error == state.error);
    REQUIRE(again->final_solution->disagreements.size() == 1);
    CHECK(again->final_solution->disagreements[0].positions[1].position == "push");
    CHECK(to_json(*again) == saved);
}

TEST_CASE("an evaluation kept by debate --eval is saved under parley.evaluation and read back unchanged",
          "[debate][json]") {
    auto state = sample_debate();
    state.evaluation = json{{"overall_score", 7.5}, {"parley", {{"samples", 3}, {"warnings", json::array()}}}};
    const auto j = to_json(state);
    CHECK(j["parley"]["evaluation"] == state.evaluation);
    CHECK_FALSE(j.contains("evaluation"));
    const auto back = from_json(j);
    REQUIRE(back);
    CHECK(back->evaluation == state.evaluation);
    // A debate without one writes none.
    CHECK_FALSE(to_json(sample_debate())["parley"].contains("evaluation"));
}
