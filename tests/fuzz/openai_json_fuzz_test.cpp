// Seeded mutation fuzzing of the chat-completion decoder and the error paths fed by it
// (tests/fuzz/corpus/openai_json/).

#include <catch2/catch.hpp>

#include "fuzz/byte_mutator.hpp"
#include "llm/http_errors.hpp"
#include "llm/openai_json.hpp"
#include "util/secret_redaction.hpp"
#include "util/text_safety.hpp"

using parley::llm::PartShape;
using parley::testing::ByteMutator;
using parley::testing::fuzz_corpus;
using parley::testing::fuzz_for;

TEST_CASE("fuzz: the chat-completion decoder accepts only answers of the right shape", "[llm][fuzz]") {
    ByteMutator mutator(fuzz_corpus("openai_json"), 56);
    const parley::llm::ErrorContext context{"fuzz (http://127.0.0.1:1/v1)", "KEY_ENV", "sk-fuzz-secret-key-0123"};
    const auto runs = fuzz_for(std::chrono::milliseconds(1000), 200'000, [&] {
        std::string input = mutator.next();
        if (mutator.below(4) == 0) {
            input.insert(mutator.below(input.size() + 1), context.secret);
        }
        for (const PartShape shape : {PartShape::completion, PartShape::chunk}) {
            const auto part = parse_completion_part(input, shape);
            if (!part) {
                continue;
            }
            if (part->error) {
                const auto error = parley::llm::error_object_error(*part->error, 200, context);
                REQUIRE(error.message.find(context.secret) == std::string::npos);
                REQUIRE(error.message.size() < 1024);
            } else if (shape == PartShape::completion && part->problem.empty()) {
                // An accepted completion came with a string content: nothing typed otherwise slipped through.
                const auto object = nlohmann::json::parse(input);
                REQUIRE(object["choices"][0]["message"]["content"].is_string());
            }
            const std::string shown = parley::util::terminal_safe(part->content);
            REQUIRE(shown.find('\x1b') == std::string::npos);
        }
        const auto message = parley::llm::provider_message(input, context.secret);
        REQUIRE(message.find(context.secret) == std::string::npos);
        REQUIRE(message.size() <= 300 + parley::util::kRedactedMarker.size());
        REQUIRE(parley::util::redact_secret(input, context.secret).find(context.secret) == std::string::npos);
    });
    CHECK(runs > 100);
}
