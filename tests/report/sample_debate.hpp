#pragma once
// A realistic finished debate for the JSON and report tests (header-only: the test build compiles *_test.cpp).

#include <string>
#include <utility>
#include <vector>

#include "debate/debate_state.hpp"

namespace parley::testing {

/// Call metadata as a network provider reports it.
inline debate::CallMetadata sample_metadata(long prompt, long completion, double latency_ms) {
    debate::CallMetadata m;
    m.tokens_used = prompt + completion;
    m.latency_ms = latency_ms;
    m.model = "gpt-4o-mini";
    m.prompt_tokens = prompt;
    m.completion_tokens = completion;
    m.provider = "openai (api.openai.com)";
    return m;
}

/// A completed debate among `agents` (1-3) agents over `rounds` rounds, filled the way the orchestrator fills
/// it: proposals, critiques and refinements in order, a summary in round 2, clarifications, a judge summary,
/// metrics with phases in run order, and the prompts sent.
inline debate::DebateState sample_debate(int agents = 3, int rounds = 2) {
    using namespace debate;
    const std::vector<ParticipantInfo> people = {
        {"agent-architect", "Ada", "architect", "gpt-4o-mini", "openai (api.openai.com)", 0.5},
        {"agent-performance", "Perf", "performance", "gpt-4o-mini", "openai (api.openai.com)", 0.4},
        {"agent-security", "Sec", "security", "gpt-4o-mini", "openai (api.openai.com)", 0.3}};
    DebateState s;
    s.id = "deb-20261124-101500-abc";
    s.problem = "# Job queue\n\nDesign a queue that sustains 100,000 jobs per minute and loses no job.";
    s.status = "completed";
    s.current_round = rounds;
    s.created_at = "2026-11-24T10:15:00.000Z";
    s.updated_at = "2026-11-24T10:17:30.250Z";
    s.agents.assign(people.begin(), people.begin() + agents);
    s.judge = ParticipantInfo{"judge-main", "Judge", "generalist", "gpt-4o", "openai (api.openai.com)", 0.2};
    s.seed = 7;
    s.clarifications = {{"agent-architect",
                         "Ada",
                         "architect",
                         {{"agent-architect-q1", "How many regions?", "NA"},
                          {"agent-architect-q2", "What is the peak rate?", "100,000 jobs per minute"}}}};
    long n = 0;
    for (int r = 1; r <= rounds; ++r) {
        Round round{r, "2026-11-24T10:1" + std::to_string(4 + r) + ":00.000Z", {}, {}};
        const std::string tag = "round " + std::to_string(r);
        if (r == 1) {
            for (const auto& a : s.agents) {
                round.contributions.push_back({a.id, a.role, ContributionType::proposal,
                                               "## Design\n\nProposal of " + a.name + " for " + tag + ".", "",
                                               sample_metadata(100 + ++n, 50, 1200.5)});
            }
        }
        for (const auto& critic : s.agents) {
            for (const auto& target : s.agents) {
                if (critic.id != target.id) {
                    round.contributions.push_back({critic.id, critic.role, ContributionType::critique,
                                                   "### Weakness\n\n" + critic.name + " on " + target.name + ", " + tag,
                                                   target.id, sample_metadata(90 + ++n, 40, 900)});
                }
            }
        }
        for (const auto& a : s.agents) {
            round.contributions.push_back({a.id, a.role, ContributionType::refinement,
                                           "Refined design of " + a.name + ", " + tag + ".", "",
                                           sample_metadata(120 + ++n, 60, 1500)});
        }
        if (r == 2) {
            Summary summary;
            summary.agent_id = "agent-architect";
            summary.agent_role = "architect";
            summary.summary = "Ada so far: partitioned queue, leases, retries with backoff.";
            summary.before_chars = 9000;
            summary.after_chars = 58;
            summary.timestamp = "2026-11-24T10:16:00.000Z";
            summary.metadata = sample_metadata(300, 40, 800);
            round.summaries[summary.agent_id] = summary;
        }
        s.rounds.push_back(std::move(round));
    }
    Solution solution;
    solution.description = "## Solution\n\nA partitioned log with leases.";
    solution.implementation = "Use Redis Streams per priority.";
    solution.tradeoffs = {"Throughput over strict ordering"};
    solution.recommendations = {"Load-test at 2x peak", "Alert on backlog age"};
    solution.confidence = 72;
    solution.synthesized_by = "judge-main";
    solution.unfulfilled_major_requirements = {};
    solution.open_questions = {"Is multi-region required?"};
    s.final_solution = solution;
    Summary judge_summary;
    judge_summary.agent_id = "judge-main";
    judge_summary.agent_role = "generalist";
    judge_summary.summary = "The agents converge on leases and a partitioned log.";
    judge_summary.before_chars = 12000;
    judge_summary.after_chars = 52;
    judge_summary.timestamp = "2026-11-24T10:17:00.000Z";
    judge_summary.metadata = sample_metadata(400, 45, 700);
    s.judge_summary = judge_summary;
    s.metrics.calls = n + 4;
    s.metrics.prompt_tokens = 4321;
    s.metrics.completion_tokens = 1234;
    s.metrics.total_tokens = 5555;
    s.metrics.wall_ms = 15234.5;
    for (const auto& [phase, ms] : std::vector<std::pair<std::string, double>>{{"round 1 proposals", 1200.5},
                                                                               {"round 1 critiques", 900},
                                                                               {"round 1 refinements", 1500},
                                                                               {"synthesis", 2100}}) {
        s.metrics.phase_order.emplace_back(phase, ms);
        s.metrics.phase_wall_ms[phase] = ms;
    }
    s.prompts = nlohmann::json::array();
    s.prompts.push_back({{"round", 1},
                         {"phase", "proposal"},
                         {"agentId", "agent-architect"},
                         {"targetAgentId", ""},
                         {"system", "You are Ada, an architect."},
                         {"user", "Propose a design for:\n\n# Job queue"}});
    s.prompts.push_back({{"round", 1},
                         {"phase", "critique"},
                         {"agentId", "agent-architect"},
                         {"targetAgentId", "agent-performance"},
                         {"system", "You are Ada."},
                         {"user", "Critique this:\n```\ncode\n```\nand this ````` run"}});
    return s;
}

/// A debate file as dialectic saves one (JSON.stringify(state, null, 2)): no parley object, Dates as ISO
/// strings, a context, summaries keyed by agent id, tool-call metadata, promptSources and userFeedback.
inline const char* const kDialecticDebateJson = R"({
  "id": "deb-20250101-120000",
  "problem": "Design a rate limiter for a public API.",
  "context": "Traffic peaks at 5,000 requests per second.",
  "status": "completed",
  "currentRound": 1,
  "rounds": [
    {
      "roundNumber": 1,
      "contributions": [
        {
          "agentId": "agent-architect",
          "agentRole": "architect",
          "type": "proposal",
          "content": "Token buckets in Redis.",
          "metadata": { "tokensUsed": 812, "latencyMs": 2310, "model": "gpt-4" }
        },
        {
          "agentId": "agent-kiss",
          "agentRole": "kiss",
          "type": "proposal",
          "content": "A fixed window counter is enough.",
          "metadata": {
            "tokensUsed": 400,
            "latencyMs": 1800,
            "model": "gpt-4",
            "toolCalls": [{ "id": "call_1", "name": "file_read", "arguments": "{\"path\":\"a.md\"}" }],
            "toolCallIterations": 1
          }
        },
        {
          "agentId": "agent-architect",
          "agentRole": "architect",
          "type": "critique",
          "content": "Fixed windows burst at the edges.",
          "targetAgentId": "agent-kiss",
          "metadata": { "tokensUsed": 300, "latencyMs": 900, "model": "gpt-4" }
        },
        {
          "agentId": "agent-kiss",
          "agentRole": "kiss",
          "type": "critique",
          "content": "Redis adds a dependency.",
          "targetAgentId": "agent-architect",
          "metadata": {}
        },
        {
          "agentId": "agent-architect",
          "agentRole": "architect",
          "type": "refinement",
          "content": "Token buckets, with a local fallback.",
          "metadata": { "tokensUsed": 500, "latencyMs": 1200, "model": "gpt-4" }
        },
        {
          "agentId": "agent-kiss",
          "agentRole": "kiss",
          "type": "refinement",
          "content": "Sliding window log.",
          "metadata": { "tokensUsed": 450, "latencyMs": 1100, "model": "gpt-4" }
        }
      ],
      "timestamp": "2025-01-01T12:00:01.000Z",
      "summaries": {
        "agent-architect": {
          "agentId": "agent-architect",
          "agentRole": "architect",
          "summary": "Prefers token buckets.",
          "metadata": {
            "beforeChars": 5200,
            "afterChars": 22,
            "method": "length-based",
            "timestamp": "2025-01-01T12:00:02.000Z",
            "latencyMs": 700,
            "tokensUsed": 120,
            "model": "gpt-4",
            "temperature": 0.5,
            "provider": "openai"
          }
        }
      }
    }
  ],
  "createdAt": "2025-01-01T12:00:00.000Z",
  "updatedAt": "2025-01-01T12:05:00.000Z",
  "promptSources": {
    "agents": [{ "agentId": "agent-architect", "role": "architect", "source": "built-in" }],
    "judge": { "id": "judge-main", "source": "built-in" }
  },
  "clarifications": [
    {
      "agentId": "agent-architect",
      "agentName": "System Architect",
      "role": "architect",
      "items": [
        { "id": "q1", "question": "Per user or per key?", "answer": "per key" },
        { "id": "q2", "question": "Global or regional?", "answer": "NA" }
      ]
    }
  ],
  "judgeSummary": {
    "agentId": "judge-main",
    "agentRole": "generalist",
    "summary": "Both want a limiter; they differ on precision.",
    "metadata": { "beforeChars": 3000, "afterChars": 48, "method": "length-based", "timestamp": "2025-01-01T12:04:00.000Z" }
  },
  "finalSolution": {
    "description": "Token buckets in Redis.\n\n---\n\n## Judge Assessment\n\n**Confidence Score**: 80/100\n",
    "tradeoffs": ["Precision vs. cost"],
    "recommendations": ["Start with a local limiter"],
    "confidence": 80,
    "synthesizedBy": "judge-main",
    "unfulfilledMajorRequirements": [],
    "openQuestions": ["Burst size?"]
  },
  "userFeedback": 1
})";

} // namespace parley::testing
