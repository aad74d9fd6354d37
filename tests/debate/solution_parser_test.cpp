#include <catch2/catch.hpp>

#include "debate/solution_parser.hpp"

using namespace parley::debate;

TEST_CASE("the judge's fenced JSON block becomes the solution", "[debate][judge]") {
    const auto parsed = parse_solution(R"(Rationale first.

```json
{"description": "Use a broker", "implementation": "Steps", "tradeoffs": ["cost"], "recommendations": ["r1", "r2"],
 "confidence": 72, "unfulfilledMajorRequirements": [], "openQuestions": ["multi-region?"]}
```)",
                                       "judge-main");
    CHECK(parsed.warning.empty());
    CHECK(parsed.solution.description == "Use a broker");
    CHECK(parsed.solution.recommendations.size() == 2);
    CHECK(parsed.solution.confidence == Approx(72));
    CHECK(parsed.solution.open_questions == std::vector<std::string>{"multi-region?"});
    CHECK(parsed.solution.synthesized_by == "judge-main");
}

TEST_CASE("an unfenced JSON object after prose is still found", "[debate][judge]") {
    const auto parsed = parse_solution(
        "We pick {this}. {\"description\": \"d\", \"confidence\": 50, \"unfulfilledMajorRequirements\": []}", "j");
    CHECK(parsed.solution.description == "d");
    CHECK(parsed.solution.confidence == Approx(50));
}

TEST_CASE("an answer without JSON is no usable verdict, and says so", "[debate][judge]") {
    const auto parsed = parse_solution("Just prose, no block.", "j");
    CHECK_FALSE(parsed.solution.check.usable);
    CHECK(parsed.solution.description.empty());
    CHECK_FALSE(parsed.solution.confidence);
    CHECK_THAT(parsed.warning, Catch::Contains("no usable verdict"));
    CHECK(parsed.solution.check.counts.at("no_json") == 1);
}

TEST_CASE("a JSON block without the list of unfulfilled requirements is no usable verdict", "[debate][judge]") {
    const auto parsed = parse_solution("```json\n{\"description\": \"d\", \"confidence\": 70}\n```", "j");
    CHECK_FALSE(parsed.solution.check.usable);
    CHECK(parsed.solution.check.counts.at("missing") == 1);
}

TEST_CASE("the synthesis template copied back is no usable verdict", "[debate][judge]") {
    const std::string prompt = "```json\n{\"description\": \"<the solution in two or three sentences>\", "
                               "\"unfulfilledMajorRequirements\": [\"<each requirement no proposal meets>\"]}\n```";
    const auto parsed = parse_solution("```json\n{\"description\": \"<the solution in two or three sentences>\", "
                                       "\"confidence\": 0, \"unfulfilledMajorRequirements\": "
                                       "[\"<each requirement no proposal meets>\"]}\n```",
                                       "j", prompt);
    CHECK_FALSE(parsed.solution.check.usable);
    CHECK(parsed.solution.check.counts.at("placeholder") == 2);
    CHECK_FALSE(parsed.solution.confidence);
}

TEST_CASE("a confidence out of range is clamped with a warning", "[debate][judge]") {
    const auto parsed = parse_solution(
        "```json\n{\"description\": \"d\", \"confidence\": 140, \"unfulfilledMajorRequirements\": []}\n```", "j");
    CHECK(parsed.solution.confidence == Approx(100));
    CHECK_THAT(parsed.warning, Catch::Contains("outside 0-100"));
}

TEST_CASE("a judge's answer nested 200,000 deep is taken as prose, not parsed", "[debate][judge][limits]") {
    const std::string deep = "```json\n" + std::string(200'000, '[') + std::string(200'000, ']') + "\n```";
    const auto parsed = parse_solution(deep, "j");
    CHECK_FALSE(parsed.solution.confidence);
    CHECK_FALSE(parsed.warning.empty());
}

TEST_CASE("the judge's remaining disagreements are read with who held each side", "[debate][judge]") {
    const auto parsed =
        parse_solution(R"({"description": "d", "confidence": 60, "unfulfilledMajorRequirements": [], "disagreements": [
        {"topic": "Push or pull", "positions": [{"position": "pull", "agents": ["Ada", "Bo"]},
                                                {"position": "push", "agents": "Cy"}]},
        {"positions": []}, "not an object"]})",
                       "j");
    REQUIRE(parsed.solution.disagreements.size() == 1);
    const auto& d = parsed.solution.disagreements[0];
    CHECK(d.topic == "Push or pull");
    REQUIRE(d.positions.size() == 2);
    CHECK(d.positions[0].agents == std::vector<std::string>{"Ada", "Bo"});
    CHECK(d.positions[1].agents == std::vector<std::string>{"Cy"});
}

TEST_CASE("a design review's decision, reasons and changes are read, a change given as a string too",
          "[debate][judge][design]") {
    const auto parsed = parse_design_review(R"(```json
{"decision": "accept with changes", "reasons": ["leases are unproven"],
 "changes": [{"change": "Renew leases every 10 s", "why": "long jobs", "priority": "must"}, "Add a DLQ alert"],
 "description": "d", "confidence": 60, "unfulfilledMajorRequirements": []}
```)",
                                            "j");
    REQUIRE(parsed.solution.check.usable);
    REQUIRE(parsed.solution.design_decision);
    const auto& d = *parsed.solution.design_decision;
    CHECK(d.decision == "accept with changes");
    CHECK(d.reasons == std::vector<std::string>{"leases are unproven"});
    REQUIRE(d.changes.size() == 2);
    CHECK(d.changes[0].priority == "must");
    CHECK(d.changes[1].change == "Add a DLQ alert");
}

TEST_CASE("a design review without a decision from the list is no usable verdict: the decision is unknown",
          "[debate][judge][design]") {
    for (const std::string decision : {R"("decision": "ship it", )", ""}) {
        INFO(decision);
        const auto parsed = parse_design_review("```json\n{" + decision +
                                                    R"("reasons": [], "changes": [], "description": "d", )"
                                                    R"("confidence": 60, "unfulfilledMajorRequirements": []})"
                                                    "\n```",
                                                "j");
        CHECK_FALSE(parsed.solution.check.usable);
        REQUIRE(parsed.solution.design_decision);
        CHECK(parsed.solution.design_decision->decision == "unknown");
        CHECK_THAT(parsed.warning, Catch::Contains("no usable verdict"));
    }
    // The synthesis schema does not ask for a decision: the same answer is a verdict there.
    CHECK(parse_solution(R"({"description": "d", "confidence": 60, "unfulfilledMajorRequirements": []})", "j")
              .solution.check.usable);
}
