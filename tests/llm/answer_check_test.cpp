#include <catch2/catch.hpp>

#include "llm/answer_check.hpp"
#include "llm/answer_schema.hpp"
#include "util/json_document.hpp"

using namespace parley::llm;
using nlohmann::json;

namespace {

const std::string kJudgePrompt = R"(Write the final solution.

```json
{
  "description": "<the solution in two or three sentences>",
  "implementation": "<components, data flow and how each requirement is met; Markdown allowed>",
  "tradeoffs": ["<each key trade-off and the side chosen>"],
  "recommendations": ["<each next step, most important first>"],
  "confidence": 0,
  "unfulfilledMajorRequirements": ["<each requirement no proposal meets>"],
  "openQuestions": ["<each question still open>"]
}
```
Use empty arrays, never omit a field.)";

json parse(const std::string& text) {
    return parley::util::parse_json_bounded(text);
}

std::map<DefectKind, int> counts_of(const std::string& answer, AnswerKind kind, const std::string& prompt) {
    return check_structured(answer, parse(answer), kind, prompt).counts();
}

} // namespace

TEST_CASE("the placeholders of a prompt are its <...> blanks, not its markup", "[answer_check]") {
    const auto found = prompt_placeholders("Fill <the blank here> and <string>; keep </p> and <br/> and a < b > c.");
    REQUIRE(found == std::vector<std::string>{"<the blank here>", "<string>"});
}

TEST_CASE("an evaluator quoting a tag of the document it scores is not copying a placeholder", "[answer_check]") {
    const std::string prompt = "Score this design.\nDESIGN:\nWorkers render <img src=x onerror=\"alert(1)\"> badges."
                               "\nAnswer with {\"evidence\": [\"<exact quote>\"]}";
    REQUIRE(prompt_placeholders(prompt) == std::vector<std::string>{"<exact quote>"});
    const std::string answer = R"({"evidence": ["<img src=x onerror=\"alert(1)\">"]})";
    std::vector<Defect> defects;
    find_placeholders(parse(answer), prompt_placeholders(prompt), "", defects);
    CHECK(defects.empty());
}

TEST_CASE("a judge answer that is the template as it stands is full of placeholders", "[answer_check]") {
    const std::string answer = R"({"description": "<the solution in two or three sentences>",
        "implementation": "<components, data flow and how each requirement is met; Markdown allowed>",
        "tradeoffs": [], "recommendations": [], "confidence": 0,
        "unfulfilledMajorRequirements": ["<each requirement no proposal meets>"], "openQuestions": []})";
    const auto check = check_structured(answer, parse(answer), AnswerKind::judge_synthesis, kJudgePrompt);
    CHECK(check.counts().at(DefectKind::placeholder) == 3);
    CHECK(says_nothing(check));
    CHECK(check.summary().find("placeholder") != std::string::npos);
}

TEST_CASE("a judge answer in the schema with its own words passes", "[answer_check]") {
    const std::string answer = R"({"description": "A partitioned queue with leases.", "implementation": "Workers.",
        "tradeoffs": ["At-least-once"], "recommendations": [], "confidence": 62,
        "unfulfilledMajorRequirements": [], "openQuestions": []})";
    CHECK(check_structured(answer, parse(answer), AnswerKind::judge_synthesis, kJudgePrompt).usable());
}

TEST_CASE("a judge answer with the wrong shape, a missing part and a range error names each", "[answer_check]") {
    const std::string answer = R"({"description": "", "confidence": 140, "unfulfilledMajorRequirements": "R2"})";
    const auto counts = counts_of(answer, AnswerKind::judge_synthesis, kJudgePrompt);
    CHECK(counts.at(DefectKind::missing) == 1);
    CHECK(counts.at(DefectKind::out_of_range) == 1);
    CHECK(counts.at(DefectKind::wrong_shape) == 1);
    const auto check = check_structured(answer, parse(answer), AnswerKind::judge_synthesis, kJudgePrompt);
    CHECK_FALSE(says_nothing(check));
}

TEST_CASE("prose and an empty answer are no structured answer", "[answer_check]") {
    CHECK(counts_of("I think the design is good overall.", AnswerKind::judge_synthesis, kJudgePrompt)
              .at(DefectKind::no_json) == 1);
    CHECK(counts_of("  \n\t", AnswerKind::judge_synthesis, kJudgePrompt).at(DefectKind::empty) == 1);
}

TEST_CASE("an answer that repeats the prompt is an echo", "[answer_check]") {
    const auto check =
        check_structured(kJudgePrompt, json(json::value_t::discarded), AnswerKind::judge_synthesis, kJudgePrompt);
    CHECK(check.counts().at(DefectKind::echo) == 1);
    CHECK(echo_share(kJudgePrompt, kJudgePrompt) == Approx(1.0));
    CHECK(echo_share("The queue keeps leases for thirty seconds and renews them with heartbeats from each worker.",
                     kJudgePrompt) == Approx(0.0));
}

TEST_CASE("a score JSON copied from the scored document is an echo, not a score", "[answer_check]") {
    const std::string scores =
        R"({"evaluation": {"functional_completeness": {"score": 9}}, "overall_summary": {"overall_score": 9}})";
    const std::string prompt = "Evaluate the design.\n\nDesign:\n\"\"\"\nOur review said:\n" + scores + "\n\"\"\"\n";
    const std::string answer = R"({"evaluation":{"functional_completeness":{"score":9}},
                                   "overall_summary":{"overall_score":9}})";
    const auto check = check_structured(answer, parse(answer), AnswerKind::evaluator_scores, prompt);
    CHECK(check.counts().at(DefectKind::echo) == 1);
    CHECK(says_nothing(check));
}

TEST_CASE("an evaluator's string score and a pick outside A, B, tie are shape and range defects", "[answer_check]") {
    const std::string scores =
        R"({"evaluation": {"functional_completeness": {"score": "high"}}, "overall_summary": {}})";
    CHECK(counts_of(scores, AnswerKind::evaluator_scores, "Score it.").at(DefectKind::wrong_shape) == 1);
    const std::string pick = R"({"comparison": {"overall": {"winner": "C"}}})";
    CHECK(counts_of(pick, AnswerKind::comparison, "Compare.").at(DefectKind::out_of_range) == 1);
}

TEST_CASE("free text: a copied multi-word placeholder counts, a C++ include does not", "[answer_check]") {
    const std::string prompt = "Write:\n## Design\n<three to five sentences: the design in brief>\n#include <string>";
    CHECK(check_text("## Design\n<three to five sentences: the design in brief>", prompt).front().kind ==
          DefectKind::placeholder);
    CHECK(check_text("Use #include <string> in the worker.", prompt).empty());
}

TEST_CASE("the repair message carries the check's error and the schema", "[answer_check]") {
    const std::string answer = "no json here";
    const auto check = check_structured(answer, parse(answer), AnswerKind::judge_synthesis, kJudgePrompt);
    const auto message = repair_message(check, AnswerKind::judge_synthesis);
    CHECK(message.find("no JSON object") != std::string::npos);
    CHECK(message.find("unfulfilledMajorRequirements") != std::string::npos);
    CHECK(defect_counts_json(check.counts()) == json{{"no_json", 1}});
}
