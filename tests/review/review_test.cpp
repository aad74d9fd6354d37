#include <catch2/catch.hpp>

#include "review/design_input.hpp"
#include "review/review.hpp"

using namespace parley::review;

TEST_CASE("review JSON has the checklist, capacity and requirements shapes the issue names", "[review]") {
    const auto review =
        review_design("Peak: 1,000 jobs per second; workers scale out.\nNo authentication.\n40 × 16 = 640 slots\n",
                      std::string_view("- Sustain 1,000 jobs per second.\n"));
    const auto j = to_json(review);
    REQUIRE(j["checklist"].is_array());
    const auto& first = j["checklist"][0];
    CHECK(first.contains("id"));
    CHECK(first.contains("title"));
    CHECK(first.contains("status"));
    CHECK(first["evidence"].is_array());
    bool security_contradicted = false;
    for (const auto& c : j["checklist"]) {
        if (c["id"] == "security") {
            security_contradicted = c["status"] == "contradicted" && c["evidence"][0]["line"] == 2 &&
                                    c["evidence"][0]["text"] == "No authentication.";
        }
    }
    CHECK(security_contradicted);
    const auto& check = j["capacity"][0];
    for (const char* key : {"line", "statement", "stated", "computed", "verdict"}) {
        CHECK(check.contains(key));
    }
    CHECK(j["requirements"][0]["status"] == "addressed");
    CHECK(j["requirements"][0]["concerns"].is_array());
    CHECK(j["summary"]["contradicted"] == 1);
}

TEST_CASE("the Markdown scorecard leads with counts and lists contradictions with their lines", "[review]") {
    const auto md = to_markdown(review_design("Redis persistence is turned off.\n40 × 16 = 540 slots\n"));
    CHECK(md.rfind("# Design review\n", 0) == 0);
    CHECK_THAT(md, Catch::Contains("1 contradicted"));
    CHECK_THAT(md, Catch::Contains("line 1: \"Redis persistence is turned off.\""));
    CHECK_THAT(md, Catch::Contains("**wrong** (line 2): 40 × 16 = 540 slots — stated 540, computed 640"));
}

TEST_CASE("quoted design text is made safe for terminals and Markdown", "[review]") {
    const auto md = to_markdown(review_design("\x1b[31mno authentication\x1b[0m for *anyone* \x07\n"));
    CHECK(md.find('\x1b') == std::string::npos);
    CHECK(md.find('\x07') == std::string::npos);
    CHECK_THAT(md, Catch::Contains("\\*anyone\\*"));
    CHECK(clean_line("a\xff"
                     "b") == "a\xEF\xBF\xBD"
                             "b");
}

TEST_CASE("a debate JSON is reviewed through its final solution", "[review]") {
    const auto text = design_text(R"({"finalSolution": {"description": "Queue on SQS.", "implementation":
        "Delivery is at-least-once."}})",
                                  "d.json");
    REQUIRE(text);
    CHECK(*text == "Queue on SQS.\n\nDelivery is at-least-once.\n\n");
    CHECK_FALSE(design_text("{\"id\": 1}", "d.json"));
    CHECK_FALSE(design_text("{ not json", "d.json"));
    CHECK_FALSE(design_text(std::string(100000, '[').insert(0, "{"), "d.json"));
    const auto bad = design_text("caf\xe9", "d.md");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "d.md: not UTF-8 text (invalid byte at offset 3)");
}

TEST_CASE("brackets inside a debate JSON's strings are text, not nesting", "[review]") {
    // A hostile answer full of '[' and '{' that parley wrote into the debate JSON is still a valid debate.
    const std::string noise(500, '[');
    const auto text = design_text("{\"finalSolution\": {\"description\": \"Queue " + noise + std::string(300, '{') +
                                      "\", \"implementation\": \"Workers ack late.\"}}",
                                  "d.json");
    REQUIRE(text);
    CHECK(text->find("Workers ack late.") != std::string::npos);
    const auto deep = design_text("{\"a\": " + std::string(70, '[') + std::string(70, ']') + "}", "d.json");
    REQUIRE_FALSE(deep);
    CHECK(deep.error().message.find("d.json: JSON nested deeper than 64 levels") == 0);
}

TEST_CASE("the review JSON keeps the three-valued status and adds the verdict, aspects and evidence spans",
          "[review]") {
    const auto j = to_json(review_design("Failed jobs retry with exponential backoff. We add jitter."));
    const nlohmann::json* retries = nullptr;
    for (const auto& c : j["checklist"]) {
        if (c["id"] == "retries") {
            retries = &c;
        }
    }
    REQUIRE(retries);
    CHECK((*retries)["status"] == "missing");
    CHECK((*retries)["verdict"] == "partial");
    CHECK((*retries)["missingAspects"] == nlohmann::json::array({"cap"}));
    REQUIRE((*retries)["aspects"].size() == 3);
    CHECK((*retries)["aspects"][1]["name"] == "jitter");
    CHECK((*retries)["aspects"][1]["evidence"][0]["text"] == "We add jitter.");
    CHECK((*retries)["aspects"][1]["evidence"][0]["column"] == 45);
    CHECK((*retries)["aspects"][1]["evidence"][0]["endColumn"] == 59);
    CHECK(j["summary"]["partial"].get<int>() + j["summary"]["absent"].get<int>() == j["summary"]["missing"]);
}

TEST_CASE("a broken mechanism shows in the JSON with its id and reason, and capacity checks name their statistics",
          "[review]") {
    const auto j = to_json(review_design("Workers delete the message, then process it.\nPeak: 100 jobs/s.\n"
                                         "The mean job takes 1 s; we run 4 workers × 50 threads."));
    for (const auto& c : j["checklist"]) {
        if (c["id"] == "ack") {
            CHECK(c["verdict"] == "contradicted");
            CHECK(c["mechanism"] == "ack_before_processing");
            CHECK(c["evidence"][0]["line"] == 1);
        }
    }
    CHECK(j["capacity"][0]["uses"] == "peak rate, mean job time");
    bool mean_found = false;
    for (const auto& q : j["quantities"]) {
        mean_found = mean_found || q["statistic"] == "mean";
    }
    CHECK(mean_found);
}

TEST_CASE("the scorecard points into a one-paragraph design by line and column", "[review]") {
    const auto md = to_markdown(review_design("We use Redis. Jobs are retried with exponential backoff."));
    CHECK_THAT(md, Catch::Contains("backoff (line 1:15)"));
}
