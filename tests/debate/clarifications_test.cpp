#include <catch2/catch.hpp>

#include "debate/clarifications.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using namespace parley::debate;

TEST_CASE("questions are read from numbered and bulleted lines, capped", "[debate][clarify]") {
    const auto q = parse_questions("Some intro\n1. First?\n2) Second?\n- Third?\n* Fourth?\n", 3);
    CHECK(q == std::vector<std::string>{"First?", "Second?", "Third?"});
    CHECK(parse_questions("NONE", 5).empty());
}

TEST_CASE("answers come from the file by id, unanswered ones are recorded as such", "[debate][clarify]") {
    std::vector<AgentClarifications> qs{
        {"a1", "Arch", "architect", {{"a1-q1", "Peak?", ""}, {"a1-q2", "Regions?", ""}}}};
    answer_questions(qs, {{"a1-q1", "100k/min"}}, {});
    CHECK(qs[0].items[0].answer == "100k/min");
    CHECK(qs[0].items[1].answer == kUnanswered);
    CHECK_THAT(format_clarifications(qs), Catch::Contains("(unanswered)"));
    CHECK(format_clarifications({}) == "(none)");
}

TEST_CASE("an answers file that is not a JSON object is refused clearly", "[debate][clarify]") {
    parley::testing::TempDir dir;
    auto r = load_answers(dir.write("a.json", "[1,2]").string());
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::invalid_input);
    auto ok = load_answers(dir.write("b.json", R"({"a1-q1": "yes"})").string());
    REQUIRE(ok);
    CHECK(ok->at("a1-q1") == "yes");
}

TEST_CASE("an answers file nested too deep or with a hostile id is refused in one line", "[debate][clarify][limits]") {
    parley::testing::TempDir dir;
    auto deep = load_answers(dir.write("deep.json", std::string(100'000, '[') + std::string(100'000, ']')).string());
    REQUIRE_FALSE(deep);
    CHECK(deep.error().kind == ErrorKind::invalid_input);
    auto hostile = load_answers(dir.write("id.json", "{\"q\\n\\u001b[2J\": 5}").string());
    REQUIRE_FALSE(hostile);
    CHECK(hostile.error().message.find('\n') == std::string::npos);
    CHECK(hostile.error().message.find('\x1b') == std::string::npos);
    CHECK_THAT(hostile.error().message, Catch::Contains("\"q\\n\\x1B[2J\": expected a string answer"));
}

TEST_CASE("questions compare without case, punctuation or extra spaces", "[debate][clarify]") {
    CHECK(normalized_question("What is the peak rate?") == normalized_question("what is the  PEAK rate"));
    CHECK(normalized_question("Which regions?") != normalized_question("Which region count?"));
}

TEST_CASE("the terminal prompt says how many questions there are and that Enter skips one", "[debate][clarify]") {
    const AgentClarifications agent{"a1", "System Architect", "architect", {}};
    const ClarificationItem item{"a1-q1", "Peak rate?", ""};
    const auto first = question_prompt(agent, item, {1, 3});
    CHECK(first == "3 clarifying questions; type an answer, or press Enter to skip one.\n"
                   "(1/3) [System Architect] Peak rate?\n> ");
    CHECK(question_prompt(agent, item, {2, 3}) == "(2/3) [System Architect] Peak rate?\n> ");
    CHECK_THAT(question_prompt(agent, {"a1-q2", "evil\x1b[2J?", ""}, {2, 3}), !Catch::Contains("\x1b"));
}

TEST_CASE("terminal questions are numbered among those the answers file leaves open", "[debate][clarify]") {
    std::vector<AgentClarifications> qs{{"a1", "A", "architect", {{"a1-q1", "Q1", ""}, {"a1-q2", "Q2", ""}}},
                                        {"a2", "B", "kiss", {{"a2-q1", "Q3", ""}}}};
    std::vector<std::pair<std::size_t, std::size_t>> seen;
    answer_questions(qs, {{"a1-q1", "given"}},
                     [&](const AgentClarifications&, const ClarificationItem&, AskPosition at) {
                         seen.emplace_back(at.number, at.total);
                         return std::string();
                     });
    CHECK(seen == std::vector<std::pair<std::size_t, std::size_t>>{{1, 2}, {2, 2}});
    CHECK(qs[0].items[1].answer == kUnanswered);
}
