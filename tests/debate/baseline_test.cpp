#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>

#include "debate/baseline.hpp"
#include "debate/config.hpp"
#include "debate/orchestrator.hpp"
#include "llm/request_key.hpp"
#include "offline/offline_provider.hpp"
#include "report/markdown_report.hpp"
#include "support/direct_executor.hpp"

using namespace parley;
using namespace parley::debate;
using parley::testing::DirectExecutor;

namespace {

const char* kProblem = "Design a job queue for 500 jobs per second. Jobs must never be lost and must start within 1 s.";

DebateConfig config_of(const std::string& method) {
    const std::string text = R"({"agents": [
        {"id": "agent-0", "name": "Agent 0", "role": "architect", "model": "m", "provider": "offline"},
        {"id": "agent-1", "name": "Agent 1", "role": "performance", "model": "m", "provider": "offline"},
        {"id": "agent-2", "name": "Agent 2", "role": "security", "model": "m", "provider": "offline"}],
      "judge": {"id": "judge", "name": "Judge", "role": "generalist", "model": "m", "provider": "offline"},
      "debate": {"rounds": 1, "synthesisMethod": ")" +
                             method + R"(", "summarization": {"enabled": false}}})";
    auto config = parse_config(text, "test.json", {});
    REQUIRE(config);
    return *config;
}

// An executor with a journal: a call whose request it has answered before is answered from it; after `fresh_left`
// new calls it fails the rest as cancelled, as a run killed mid-way does.
class JournalingExecutor final : public CallExecutor {
public:
    std::vector<Result<llm::ChatResponse>> run_batch(const std::vector<CallSpec>& calls,
                                                     std::stop_token stop) override {
        std::vector<Result<llm::ChatResponse>> out;
        for (const auto& c : calls) {
            const auto key = llm::request_key(c.provider_spec, c.request);
            if (const auto hit = journal.find(key); hit != journal.end()) {
                out.push_back(hit->second);
                continue;
            }
            if (fresh_left == 0) {
                out.push_back(tl::make_unexpected(Error{ErrorKind::cancelled, "killed", 0, std::nullopt}));
                continue;
            }
            --fresh_left;
            auto answer = c.provider->complete(c.request, stop, {});
            REQUIRE(answer);
            journal[key] = *answer;
            fresh.push_back(key);
            out.push_back(std::move(answer));
        }
        return out;
    }

    std::map<std::string, llm::ChatResponse> journal;
    std::vector<std::string> fresh; ///< keys called (not from the journal), in order
    std::size_t fresh_left = SIZE_MAX;
};

// Runs the debate and its baseline on `executor`; the error of whichever failed.
Result<void> debate_and_baseline(const DebateConfig& config, CallExecutor& executor, DebateState& state,
                                 Baseline& baseline) {
    auto provider = std::make_shared<offline::OfflineProvider>(4);
    std::vector<Participant> agents;
    for (const auto& a : config.agents) {
        agents.push_back({a, provider});
    }
    Orchestrator orchestrator(agents, {config.judge, provider}, config.debate, executor);
    state = DebateState{};
    state.id = "d-1";
    state.problem = kProblem;
    if (auto ran = orchestrator.run(state, {}); !ran) {
        return ran;
    }
    const auto synthesis = synthesis_for(config.debate);
    return run_baseline(orchestrator.phase_runner(), state, *synthesis, baseline, {});
}

} // namespace

TEST_CASE("the baseline's independent solutions and synthesis spend the debate's tokens within 10%",
          "[debate][baseline]") {
    for (const std::string method : {"judge", "voting"}) {
        DirectExecutor executor;
        DebateState state;
        Baseline baseline;
        REQUIRE(debate_and_baseline(config_of(method), executor, state, baseline));
        INFO(method << ": debate " << baseline.debate_tokens << ", baseline " << baseline.baseline_tokens);
        CHECK(baseline.debate_tokens == state.metrics.total_tokens);
        CHECK(std::abs(static_cast<double>(baseline.baseline_tokens - baseline.debate_tokens)) <=
              0.1 * static_cast<double>(baseline.debate_tokens));
        CHECK(baseline.stopped.empty());
        REQUIRE(baseline.solutions.size() > 3);
        // Round-robin over the agents, each solution its own.
        CHECK(baseline.solutions[0].id == "agent-0#1");
        CHECK(baseline.solutions[1].agent_id == "agent-1");
        CHECK(baseline.solutions[3].id == "agent-0#2");
        std::set<std::string> texts;
        for (const auto& s : baseline.solutions) {
            texts.insert(s.text);
        }
        CHECK(texts.size() == baseline.solutions.size());
        CHECK_FALSE(baseline.final_text.empty());
        CHECK(baseline.voting.has_value() == (method == "voting"));
    }
}

TEST_CASE("a run killed during the baseline resumes without repeating a finished call", "[debate][baseline]") {
    const auto config = config_of("judge");
    JournalingExecutor clean;
    DebateState state;
    Baseline whole;
    REQUIRE(debate_and_baseline(config, clean, state, whole));
    const auto debate_calls = state.prompts.size();

    JournalingExecutor killed;
    killed.fresh_left = debate_calls + 2; // the debate and two baseline solutions finish
    Baseline partial;
    auto first = debate_and_baseline(config, killed, state, partial);
    REQUIRE_FALSE(first);
    CHECK(first.error().kind == ErrorKind::cancelled);
    const std::set<std::string> finished(killed.fresh.begin(), killed.fresh.end());
    killed.fresh.clear();
    killed.fresh_left = SIZE_MAX;
    Baseline resumed;
    REQUIRE(debate_and_baseline(config, killed, state, resumed));
    for (const auto& key : killed.fresh) {
        CHECK(finished.count(key) == 0);
    }
    CHECK(finished.size() + killed.fresh.size() == clean.fresh.size());
    CHECK(resumed.baseline_tokens == whole.baseline_tokens);
    CHECK(resumed.final_text == whole.final_text);
}

TEST_CASE("the verdict is the panel's when both orders agreed, else the review's, else unknown", "[debate][baseline]") {
    Baseline b;
    b.review = {{"debate", {{"flags", 2}, {"partials", 1}}}, {"baseline", {{"flags", 5}, {"partials", 0}}}};
    decide_verdict(b);
    CHECK(b.verdict == "beat");
    CHECK(b.reason == "review flags 2 against 5");
    b.review["debate"]["flags"] = 5;
    decide_verdict(b);
    CHECK(b.verdict == "lost"); // equal flags: more partial concerns
    b.review["debate"]["partials"] = 0;
    decide_verdict(b);
    CHECK(b.verdict == "tied");
    b.comparison = {{"winner", "baseline"}, {"flipRateText", "1/8"}};
    decide_verdict(b);
    CHECK(b.verdict == "lost");
    CHECK(b.reason.find("1/8") != std::string::npos);
    b.comparison = {{"note", "the two orders disagree"}};
    b.review = nlohmann::json::object();
    decide_verdict(b);
    CHECK(b.verdict == "unknown");
    CHECK(b.reason.find("withheld") != std::string::npos);
}

TEST_CASE("the baseline round-trips through the debate JSON, unknown cost stays null, and old files load",
          "[debate][baseline][json]") {
    DirectExecutor executor;
    DebateState state;
    Baseline baseline;
    REQUIRE(debate_and_baseline(config_of("voting"), executor, state, baseline));
    baseline.debate_cost = 0.25;
    decide_verdict(baseline);
    state.baseline = baseline;
    const auto json = to_json(state);
    const auto& b = json["parley"]["baseline"];
    CHECK(b["method"] == "vote");
    CHECK(b["tokens"]["debate"] == baseline.debate_tokens);
    CHECK(b["cost"]["baseline"].is_null());
    CHECK(b["cost"]["debate"] == 0.25);
    CHECK(b["solutions"].size() == baseline.solutions.size());
    auto back = from_json(json);
    REQUIRE(back);
    REQUIRE(back->baseline);
    CHECK(to_json(*back->baseline) == b);
    CHECK(report::render_markdown(*back, {}).find("equal-cost baseline") != std::string::npos);
    auto old = json;
    old["parley"].erase("baseline");
    auto loaded = from_json(old);
    REQUIRE(loaded);
    CHECK_FALSE(loaded->baseline);
}
