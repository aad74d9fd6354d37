// Blinding: the evaluators see the design, never who wrote it.

#include <catch2/catch.hpp>

#include "eval/blinding.hpp"

using parley::eval::Author;
using parley::eval::blind;

namespace {
const std::vector<Author> kAuthors{{"agent-architect", "System Architect", "architect", "gpt-4o", "openai"},
                                   {"agent-security", "Security Specialist", "security", "gpt-4o-mini", "openrouter"}};
}

TEST_CASE("names, ids, models and provider labels are removed wherever they stand as words", "[eval][blinding]") {
    const auto out = blind("As System Architect (agent-architect) argued with gpt-4o-mini on OpenRouter, and gpt-4o "
                           "agreed via openai: workers lease jobs.",
                           kAuthors);
    for (const auto* gone : {"System Architect", "agent-architect", "gpt-4o", "OpenRouter", "openai"}) {
        CHECK(out.find(gone) == std::string::npos);
    }
    CHECK(out.find("workers lease jobs") != std::string::npos);
}

TEST_CASE("a role word stays when it is the subject, and goes when it names an agent", "[eval][blinding]") {
    const auto out = blind("The security agent asks for mTLS. Security of the queue needs TLS. (architect)", kAuthors);
    CHECK(out.find("security agent") == std::string::npos);
    CHECK(out.find("Security of the queue needs TLS") != std::string::npos);
    CHECK(out.find("(architect)") == std::string::npos);
}

TEST_CASE("a term inside a longer word is left alone", "[eval][blinding]") {
    const std::vector<Author> authors{{"ack", "", "", "", ""}};
    CHECK(blind("Workers ack each job; the backlog shrinks.", authors) == "Workers [a participant] each job; the "
                                                                          "backlog shrinks.");
}

TEST_CASE("every form of a model is masked: with and without its vendor prefix, any case and separator",
          "[eval][blinding]") {
    const std::vector<Author> authors{{"agent-a", "Agent A", "architect", "provx/model-cerulean-9", "provx"},
                                      {"agent-b", "Agent B", "security", "model-vermilion-2", "provy"}};
    const auto out = blind("model-cerulean-9 proposes leases; MODEL-CERULEAN-9 again; model_cerulean_9 and "
                           "model cerulean 9 too. provx/model-cerulean-9 and otherhost/model-vermilion-2 and "
                           "Model-Vermilion-2 disagree. A model-cerulean-90 is another model.",
                           authors);
    INFO(out);
    for (const auto* gone : {"cerulean-9 ", "CERULEAN", "cerulean_9", "cerulean 9", "provx", "otherhost", "ermilion"}) {
        CHECK(out.find(gone) == std::string::npos);
    }
    CHECK(out.find("[a participant] proposes leases") == 0);
    CHECK(out.find("[a participant] and [a participant] and [a participant] disagree") != std::string::npos);
    // A longer word is another word.
    CHECK(out.find("model-cerulean-90") != std::string::npos);
}

TEST_CASE("a provider label's URL is not split into vendor prefixes", "[eval][blinding]") {
    const std::vector<Author> authors{
        {"agent-a", "Agent A", "architect", "gpt-4o", "openai (https://api.openai.com/v1)"}};
    CHECK(blind("Call the v1) endpoint of api.openai.com/v1) twice.", authors) ==
          "Call the v1) endpoint of api.openai.com/v1) twice.");
}
