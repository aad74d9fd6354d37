#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "debate/clarifications.hpp"
#include "debate/prompt_template.hpp"
#include "debate/roles.hpp"
#include "debate/solution_parser.hpp"
#include "offline/offline_provider.hpp"
#include "util/builtin_files.hpp"
#include "util/utf8.hpp"

using namespace parley;
using debate::PromptKind;

namespace {

const char* const kProblem = R"(# Design a distributed job-processing system

Teams submit independent jobs: image processing, emails and data transformations. A job takes a median of
about 2 seconds.

## Requirements
- Sustain at least 100,000 jobs per minute at peak.
- Lose no job once enqueue returns success.
- Survive worker crashes: jobs are re-assigned and not wrongly duplicated.
- Start most jobs within 500 ms of enqueue.
- Support high, standard and low priorities.
- Let operators query job status, error logs and backlogs.
- Keep cost and operational complexity reasonable.

## Open questions
- Where should job metadata live?
- Should workers pull or should a dispatcher push?
)";

std::string builtin_prompt(const std::string& role, PromptKind kind) {
    const std::string dir = role == "judge" ? "prompts/judge/" : "prompts/roles/" + role + "/";
    auto text = util::builtin_file(dir + std::string(debate::prompt_kind_name(kind)) + ".md");
    REQUIRE(text);
    return std::string(*text);
}

std::vector<std::string> split_roles(const std::string& list) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= list.size() && !list.empty()) {
        const auto comma = std::min(list.find(',', pos), list.size());
        out.push_back(list.substr(pos, comma - pos));
        pos = comma + 1;
    }
    return out;
}

llm::Purpose purpose_named(const std::string& phase) {
    const auto purpose = llm::parse_purpose(phase);
    REQUIRE(purpose);
    return *purpose;
}

// A request shaped the way the orchestrator shapes it: built-in prompts rendered, the call context set. `extra`
// names the context's purpose-specific parts as the prompt values do (target_agent, critic_roles, max_length...).
llm::ChatRequest make_request(const std::string& role, PromptKind kind, const std::string& phase,
                              std::map<std::string, std::string> values,
                              const std::map<std::string, std::string>& extra, const std::string& problem = kProblem) {
    values["problem"] = problem;
    values["agent_name"] = "Agent " + role;
    values["role"] = role == "judge" ? "generalist" : role;
    values["round"] = values.count("round") ? values["round"] : "1";
    values["total_rounds"] = "2";
    values["clarifications"] = "(none)";
    llm::ChatRequest request;
    request.model = offline::OfflineProvider::kModel;
    request.messages = {{"system", debate::render_template(builtin_prompt(role, PromptKind::system), values)},
                        {"user", debate::render_template(builtin_prompt(role, kind), values)}};
    auto& c = request.context;
    c.purpose = purpose_named(phase);
    c.agent = {"agent-" + role, values["agent_name"], values["role"]};
    c.round = std::stoi(values["round"]);
    c.total_rounds = 2;
    c.problem = std::make_shared<const std::string>(problem);
    auto get = [&](const char* key) {
        auto it = extra.find(key);
        return it == extra.end() ? std::string() : it->second;
    };
    if (!get("target_agent").empty() || !get("target_role").empty()) {
        c.target = llm::AgentRef{"", get("target_agent"), get("target_role")};
    }
    c.peer_roles = split_roles(get("critic_roles") + get("agent_roles"));
    for (const char* key : {"max_questions", "max_length"}) {
        if (!get(key).empty()) {
            c.limit = std::stol(get(key));
        }
    }
    return request;
}

std::string answer(const llm::ChatRequest& request, std::uint64_t seed = 1) {
    offline::OfflineProvider provider(seed);
    auto response = provider.complete(request, {}, {});
    REQUIRE(response);
    return response->content;
}

std::string proposal_of(const std::string& role, std::uint64_t seed = 1) {
    return answer(make_request(role, PromptKind::proposal, "proposal", {{"history_summary", ""}}, {}), seed);
}

std::string critique_of(const std::string& critic, const std::string& target) {
    return answer(make_request(critic, PromptKind::critique, "critique",
                               {{"target_agent", "Agent " + target},
                                {"target_role", target},
                                {"target_proposal", proposal_of(target)},
                                {"own_proposal", proposal_of(critic)}},
                               {{"target_role", target}, {"target_agent", "Agent " + target}}));
}

// The "## " and "### " lines of the answer structure a prompt shows in its ```markdown block.
std::vector<std::string> asked_headings(const std::string& prompt) {
    std::vector<std::string> out;
    const auto start = prompt.find("```markdown\n");
    REQUIRE(start != std::string::npos);
    const auto end = prompt.find("\n```", start + 12);
    std::size_t pos = start + 12;
    while (pos < end) {
        auto eol = prompt.find('\n', pos);
        const auto line = prompt.substr(pos, eol - pos);
        if (line.rfind("## ", 0) == 0 || line.rfind("### ", 0) == 0)
            out.push_back(line);
        pos = eol + 1;
    }
    return out;
}

// Every heading appears as a whole line of the answer, in the order the prompt gives.
void require_headings_in_order(const std::string& prompt, const std::string& text) {
    const auto headings = asked_headings(prompt);
    REQUIRE_FALSE(headings.empty());
    std::size_t from = 0;
    for (const auto& heading : headings) {
        INFO(heading << "\n---\n" << text);
        const auto at = text.find("\n" + heading + "\n", from);
        REQUIRE(at != std::string::npos);
        from = at + 1;
    }
}

} // namespace

TEST_CASE("the same request and seed give the same bytes", "[offline]") {
    for (const char* role : {"architect", "performance", "kiss"}) {
        REQUIRE(proposal_of(role, 42) == proposal_of(role, 42));
    }
    auto critique = [] {
        return critique_of("security", "architect");
    };
    REQUIRE(critique() == critique());
}

TEST_CASE("different seeds change the wording but not the structure", "[offline]") {
    int differing = 0;
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        const auto a = proposal_of("architect", seed);
        const auto b = proposal_of("architect", seed + 100);
        differing += a != b ? 1 : 0;
        require_headings_in_order(builtin_prompt("architect", PromptKind::proposal), a);
        require_headings_in_order(builtin_prompt("architect", PromptKind::proposal), b);
    }
    REQUIRE(differing >= 3);
}

TEST_CASE("every answer starts with the offline label", "[offline]") {
    const std::string label = "_Offline provider (parley-offline-1): deterministic text built from the problem "
                              "statement, not a model's judgement._\n";
    REQUIRE(proposal_of("testing").rfind(label, 0) == 0);
    REQUIRE(critique_of("kiss", "performance").rfind(label, 0) == 0);
    const auto clarify = answer(
        make_request("security", PromptKind::clarify, "clarify", {{"max_questions", "3"}}, {{"max_questions", "3"}}));
    REQUIRE(clarify.rfind(label, 0) == 0);
}

TEST_CASE("every role's proposal, critique, refinement and summary has the headings its prompt asks for", "[offline]") {
    for (auto role_view : debate::kRoles) {
        const std::string role(role_view);
        INFO("role " << role);
        require_headings_in_order(builtin_prompt(role, PromptKind::proposal), proposal_of(role));
        const std::string target = role == "architect" ? "performance" : "architect";
        require_headings_in_order(builtin_prompt(role, PromptKind::critique), critique_of(role, target));
        const auto refinement = answer(make_request(
            role, PromptKind::refinement, "refinement",
            {{"previous_proposal", proposal_of(role)}, {"critiques_received", "(none)"}, {"history_summary", ""}},
            {{"critic_roles", ""}}));
        require_headings_in_order(builtin_prompt(role, PromptKind::refinement), refinement);
        const auto summary =
            answer(make_request(role, PromptKind::summary, "summary",
                                {{"history", proposal_of(role)}, {"max_length", "4000"}}, {{"max_length", "4000"}}));
        require_headings_in_order(builtin_prompt(role, PromptKind::summary), summary);
    }
}

TEST_CASE("the judge's synthesis and summary have the headings their prompts ask for", "[offline]") {
    const std::string proposals = "### A (architect)\n\n" + proposal_of("architect");
    const auto synthesis =
        answer(make_request("judge", PromptKind::synthesis, "synthesis",
                            {{"final_proposals", proposals}, {"summaries", "(none)"}}, {{"agent_roles", "architect"}}));
    require_headings_in_order(builtin_prompt("judge", PromptKind::synthesis), synthesis);
    const auto summary =
        answer(make_request("judge", PromptKind::summary, "judge-summary",
                            {{"history", proposals}, {"max_length", "3000"}}, {{"max_length", "3000"}}));
    require_headings_in_order(builtin_prompt("judge", PromptKind::summary), summary);
}

TEST_CASE("proposals quote the problem's numbers and the performance role does the capacity math", "[offline]") {
    for (auto role : debate::kRoles) {
        INFO("role " << role);
        REQUIRE_THAT(proposal_of(std::string(role)), Catch::Contains("100,000 jobs per minute"));
    }
    const auto performance = proposal_of("performance");
    REQUIRE_THAT(performance, Catch::Contains("≈ 1,667 per second"));
    REQUIRE_THAT(performance, Catch::Contains("Little's law"));
    REQUIRE_THAT(performance, Catch::Contains("Budget for 500 ms"));
    REQUIRE_THAT(proposal_of("security"), Catch::Contains("### Threat model"));
    REQUIRE_THAT(proposal_of("kiss"), Catch::Contains("SKIP LOCKED"));
}

TEST_CASE("a critique names its target and gives a severity", "[offline]") {
    const auto text = critique_of("security", "performance");
    REQUIRE_THAT(text, Catch::Contains("# Critique of Agent performance's proposal (performance)"));
    REQUIRE_THAT(text, Catch::Matches("[\\s\\S]*\\*\\*Severity: (critical|major|minor)\\*\\*[\\s\\S]*"));
}

TEST_CASE("a refinement answers each critic by role and takes on an accepted point", "[offline]") {
    std::string received;
    for (const char* critic : {"security", "performance"}) {
        received += std::string("### Critique from Agent ") + critic + " (" + critic + ")\n\n" +
                    critique_of(critic, "architect") + "\n\n";
    }
    const auto text = answer(make_request(
        "architect", PromptKind::refinement, "refinement",
        {{"previous_proposal", proposal_of("architect")}, {"critiques_received", received}, {"history_summary", ""}},
        {{"critic_roles", "security,performance"}}));
    // Latency is outside the security view too, so the security critic raises no requirement gap.
    REQUIRE_THAT(text, Catch::Contains("- **security**: agreed"));
    REQUIRE_THAT(text, Catch::Contains("- **performance**: accepted"));
    // The performance critique asks for the latency requirement, which the architect's proposal left partly met.
    REQUIRE_THAT(proposal_of("architect"), Catch::Contains("**R4** (partly)"));
    REQUIRE_THAT(text, Catch::Contains("**R4** (met)"));
}

TEST_CASE("a summary stays within max_length on a long multibyte history", "[offline]") {
    std::string history;
    for (int i = 0; i < 40; ++i)
        history += proposal_of("performance") + "\nDécision № " + std::to_string(i) + " — ≈ ✓\n";
    for (long max_length : {0L, 37L, 150L, 401L, 2500L}) {
        INFO("max_length " << max_length);
        const auto text = answer(make_request("performance", PromptKind::summary, "summary",
                                              {{"history", history}, {"max_length", std::to_string(max_length)}},
                                              {{"max_length", std::to_string(max_length)}}));
        REQUIRE(text.size() <= static_cast<std::size_t>(max_length));
        REQUIRE_FALSE(util::first_invalid_utf8(text));
    }
}

TEST_CASE("clarifying questions parse and respect max_questions", "[offline]") {
    for (int max_questions = 1; max_questions <= 4; ++max_questions) {
        const auto n = std::to_string(max_questions);
        const auto text = answer(
            make_request("architect", PromptKind::clarify, "clarify", {{"max_questions", n}}, {{"max_questions", n}}));
        const auto questions = debate::parse_questions(text, 100);
        REQUIRE(static_cast<int>(questions.size()) == max_questions);
        for (const auto& q : questions)
            REQUIRE(q.back() == '?');
    }
    const auto none = answer(
        make_request("architect", PromptKind::clarify, "clarify", {{"max_questions", "0"}}, {{"max_questions", "0"}}));
    REQUIRE_THAT(none, Catch::EndsWith("NONE\n"));
    REQUIRE(debate::parse_questions(none, 5).empty());
}

TEST_CASE("clarifying questions come from what the problem leaves open", "[offline]") {
    const auto text = answer(
        make_request("kiss", PromptKind::clarify, "clarify", {{"max_questions", "5"}}, {{"max_questions", "5"}}));
    const auto questions = debate::parse_questions(text, 5);
    REQUIRE_FALSE(questions.empty());
    bool quotes_problem = false;
    for (const auto& q : questions) {
        quotes_problem = quotes_problem || q.find("job metadata live") != std::string::npos ||
                         q.find("pull or should a dispatcher push") != std::string::npos;
    }
    REQUIRE(quotes_problem);
}

TEST_CASE("the judge's synthesis parses without a warning and fills every field", "[offline]") {
    std::string proposals;
    for (const char* role : {"architect", "performance", "security"}) {
        proposals += std::string("### Agent ") + role + " (" + role + ")\n\n" + proposal_of(role) + "\n\n";
    }
    const auto text = answer(make_request("judge", PromptKind::synthesis, "synthesis",
                                          {{"final_proposals", proposals}, {"summaries", "(none)"}},
                                          {{"agent_roles", "architect,performance,security"}}));
    const auto parsed = debate::parse_solution(text, "judge");
    REQUIRE(parsed.warning.empty());
    const auto& s = parsed.solution;
    REQUIRE_FALSE(s.description.empty());
    REQUIRE_FALSE(s.implementation.empty());
    REQUIRE_FALSE(s.tradeoffs.empty());
    REQUIRE_FALSE(s.recommendations.empty());
    REQUIRE(s.confidence);
    REQUIRE(*s.confidence >= 0);
    REQUIRE(*s.confidence <= 100);
    REQUIRE(s.open_questions.size() == 2);
    REQUIRE(s.open_questions[0] == "Where should job metadata live?");
    // Nobody in this panel owns the operators' query path or the running cost.
    INFO(s.unfulfilled_major_requirements.size());
    const auto unmet = [&](const char* wanted) {
        return std::any_of(s.unfulfilled_major_requirements.begin(), s.unfulfilled_major_requirements.end(),
                           [&](const std::string& u) { return u.find(wanted) != std::string::npos; });
    };
    REQUIRE(unmet("operators query job status"));
    REQUIRE(unmet("cost and operational complexity"));
}

TEST_CASE("the offline judge lists the requirements the final proposals split on, with who held each side",
          "[offline]") {
    std::string proposals;
    for (const char* role : {"architect", "performance", "security"}) {
        proposals += std::string("### Agent ") + role + " (" + role + ")\n\n" + proposal_of(role) + "\n\n";
    }
    const auto text = answer(make_request("judge", PromptKind::synthesis, "synthesis",
                                          {{"final_proposals", proposals}, {"summaries", "(none)"}},
                                          {{"agent_roles", "architect,performance,security"}}));
    const auto parsed = debate::parse_solution(text, "judge");
    REQUIRE_FALSE(parsed.solution.disagreements.empty());
    for (const auto& d : parsed.solution.disagreements) {
        CHECK(d.topic.rfind("R", 0) == 0);
        REQUIRE(d.positions.size() == 2);
        CHECK_FALSE(d.positions[0].agents.empty());
        CHECK_FALSE(d.positions[1].agents.empty());
        for (const auto& p : d.positions) {
            for (const auto& agent : p.agents) {
                CHECK(agent.rfind("Agent ", 0) == 0);
            }
        }
    }
    // The same proposals give the same list: it is derived, not drawn from the seeded stream.
    const auto again = answer(make_request("judge", PromptKind::synthesis, "synthesis",
                                           {{"final_proposals", proposals}, {"summaries", "(none)"}},
                                           {{"agent_roles", "architect,performance,security"}}),
                              2);
    CHECK(debate::parse_solution(again, "judge").solution.disagreements.size() == parsed.solution.disagreements.size());
}

TEST_CASE("the offline judge takes the split from the agents' latest summaries when a judge summary replaced "
          "the proposals",
          "[offline]") {
    const std::string summaries = "### Summary by agent-a (round 1)\n\n- **R1** is still open in this design\n\n"
                                  "### Summary by agent-b (round 1)\n\n- **R1** (met): x\n\n"
                                  "### Summary by agent-a (round 2)\n\n- **R1** (met): now met\n\n"
                                  "### Summary by agent-c (round 2)\n\n- **R1** is still open in this design\n\n";
    const auto text =
        answer(make_request("judge", PromptKind::synthesis, "synthesis",
                            {{"final_proposals", "A judge summary without headings."}, {"summaries", summaries}},
                            {{"agent_roles", "architect,performance,security"}}));
    const auto parsed = debate::parse_solution(text, "judge");
    REQUIRE(parsed.solution.disagreements.size() == 1);
    const auto& d = parsed.solution.disagreements[0];
    CHECK(d.topic.rfind("R1: ", 0) == 0);
    // agent-a's round 2 summary replaces its round 1 one.
    CHECK(d.positions[0].agents == std::vector<std::string>{"agent-a", "agent-b"});
    CHECK(d.positions[1].agents == std::vector<std::string>{"agent-c"});
}

TEST_CASE("the judge's confidence grows with the requirements the proposals meet", "[offline]") {
    auto confidence_for = [](const std::string& proposals, const std::string& roles) {
        const auto text =
            answer(make_request("judge", PromptKind::synthesis, "synthesis",
                                {{"final_proposals", proposals}, {"summaries", "(none)"}}, {{"agent_roles", roles}}));
        auto parsed = debate::parse_solution(text, "judge");
        REQUIRE(parsed.solution.confidence);
        return *parsed.solution.confidence;
    };
    const double one = confidence_for("### A (security)\n\n" + proposal_of("security"), "security");
    const double two = confidence_for("### A (architect)\n\n" + proposal_of("architect") + "### B (performance)\n\n" +
                                          proposal_of("performance"),
                                      "architect,performance");
    REQUIRE(one < two);
}

TEST_CASE("a requested stop cancels the call, before or while streaming", "[offline]") {
    offline::OfflineProvider provider(1);
    const auto request = make_request("architect", PromptKind::proposal, "proposal", {{"history_summary", ""}}, {});
    std::stop_source before;
    before.request_stop();
    auto r = provider.complete(request, before.get_token(), {});
    REQUIRE_FALSE(r);
    REQUIRE(r.error().kind == ErrorKind::cancelled);

    std::stop_source during;
    int deltas = 0;
    r = provider.complete(request, during.get_token(), [&](std::string_view) {
        ++deltas;
        during.request_stop();
    });
    REQUIRE_FALSE(r);
    REQUIRE(r.error().kind == ErrorKind::cancelled);
    REQUIRE(deltas == 1);
}

TEST_CASE("deltas arrive in several chunks that add up to the answer", "[offline]") {
    offline::OfflineProvider provider(3);
    const auto request = make_request("testing", PromptKind::proposal, "proposal", {{"history_summary", ""}}, {});
    std::vector<std::string> chunks;
    auto r = provider.complete(request, {}, [&](std::string_view d) { chunks.emplace_back(d); });
    REQUIRE(r);
    REQUIRE(chunks.size() > 1);
    std::string joined;
    for (const auto& c : chunks) {
        REQUIRE_FALSE(util::first_invalid_utf8(c));
        joined += c;
    }
    REQUIRE(joined == r->content);
}

TEST_CASE("usage is estimated from the text length and the model is the offline one", "[offline]") {
    offline::OfflineProvider provider(1);
    const auto request = make_request("kiss", PromptKind::proposal, "proposal", {{"history_summary", ""}}, {});
    auto r = provider.complete(request, {}, {});
    REQUIRE(r);
    const auto prompt_chars = request.messages[0].content.size() + request.messages[1].content.size();
    REQUIRE(r->usage.estimated);
    REQUIRE(r->usage.prompt_tokens == static_cast<long>((prompt_chars + 3) / 4));
    REQUIRE(r->usage.completion_tokens == static_cast<long>((r->content.size() + 3) / 4));
    REQUIRE(r->usage.total_tokens == r->usage.prompt_tokens + r->usage.completion_tokens);
    REQUIRE(r->model == "parley-offline-1");
    REQUIRE(r->latency_ms == 0);
    REQUIRE(provider.is_offline());
    REQUIRE(provider.label() == "offline");
}

TEST_CASE("an empty or odd problem still gets a structured answer", "[offline]") {
    for (const std::string& problem : {std::string(), std::string("???"), std::string("Build it."),
                                       std::string("\xff\xfe\x00 garbage \xc3", 14), std::string(5000, '#')}) {
        for (const char* role : {"architect", "performance", "testing"}) {
            const auto text =
                answer(make_request(role, PromptKind::proposal, "proposal", {{"history_summary", ""}}, {}, problem));
            require_headings_in_order(builtin_prompt(role, PromptKind::proposal), text);
        }
        const auto synthesis = answer(make_request("judge", PromptKind::synthesis, "synthesis",
                                                   {{"final_proposals", "(none)"}, {"summaries", "(none)"}},
                                                   {{"agent_roles", "architect"}}, problem));
        const auto parsed = debate::parse_solution(synthesis, "judge");
        REQUIRE(parsed.warning.empty());
        REQUIRE_FALSE(parsed.solution.description.empty());
    }
}

TEST_CASE("concurrent calls give the same answers as sequential ones", "[offline]") {
    offline::OfflineProvider provider(9);
    const auto request = make_request("security", PromptKind::proposal, "proposal", {{"history_summary", ""}}, {});
    const auto expected = provider.complete(request, {}, {})->content;
    std::vector<std::string> results(8);
    {
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < results.size(); ++i) {
            threads.emplace_back([&, i] { results[i] = provider.complete(request, {}, {})->content; });
        }
    }
    for (const auto& r : results)
        REQUIRE(r == expected);
}

TEST_CASE("a full debate's worth of offline calls takes milliseconds", "[offline]") {
    const auto request = make_request("performance", PromptKind::proposal, "proposal", {{"history_summary", ""}}, {});
    offline::OfflineProvider provider(1);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 22; ++i)
        REQUIRE(provider.complete(request, {}, {}));
    // Generous enough for sanitizer builds; a release build takes well under a millisecond per call.
    REQUIRE(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1000));
}

TEST_CASE("every built-in prompt exists and uses only the placeholders its kind allows", "[offline][prompts]") {
    std::vector<std::pair<std::string, PromptKind>> files;
    for (auto role : debate::kRoles) {
        for (PromptKind kind : {PromptKind::system, PromptKind::clarify, PromptKind::proposal, PromptKind::critique,
                                PromptKind::refinement, PromptKind::summary}) {
            files.emplace_back(
                "prompts/roles/" + std::string(role) + "/" + std::string(debate::prompt_kind_name(kind)) + ".md", kind);
        }
    }
    for (PromptKind kind : {PromptKind::system, PromptKind::synthesis, PromptKind::summary}) {
        files.emplace_back("prompts/judge/" + std::string(debate::prompt_kind_name(kind)) + ".md", kind);
    }
    REQUIRE(files.size() == 45);
    for (const auto& [path, kind] : files) {
        INFO(path);
        const auto text = util::builtin_file(path);
        REQUIRE(text);
        REQUIRE(text->size() > 200);
        const auto& allowed = debate::allowed_placeholders(kind);
        for (const auto& name : debate::placeholders_in(*text)) {
            INFO("{{" << name << "}}");
            REQUIRE(allowed.count(name) == 1);
        }
    }
}

TEST_CASE("the offline judge's unfulfilled requirements and confidence follow the design review", "[llm][offline]") {
    auto solution_for = [](const std::string& proposals) {
        const auto text = answer(make_request("judge", PromptKind::synthesis, "synthesis",
                                              {{"final_proposals", proposals}, {"summaries", "(none)"}},
                                              {{"agent_roles", "architect,performance,security"}}));
        return debate::parse_solution(text, "judge").solution;
    };
    std::string proposals;
    for (const char* role : {"architect", "performance", "security"}) {
        proposals += std::string("### Agent ") + role + " (" + role + ")\n\n" + proposal_of(role) + "\n\n";
    }
    const auto sound = solution_for(proposals);
    const auto broken = solution_for(proposals + "Redis persistence is turned off, and 40 × 16 = 540 slots.\n");
    const auto findings =
        std::count_if(broken.unfulfilled_major_requirements.begin(), broken.unfulfilled_major_requirements.end(),
                      [](const std::string& u) { return u.rfind("Design review:", 0) == 0; });
    CHECK(findings >= 2);
    CHECK(broken.unfulfilled_major_requirements.size() > sound.unfulfilled_major_requirements.size());
    REQUIRE(sound.confidence);
    REQUIRE(broken.confidence);
    CHECK(*broken.confidence < *sound.confidence);
}
