// Seeded mutation fuzzing of the SSE parser and the chat stream over it (tests/fuzz/corpus/sse_parser/).

#include <catch2/catch.hpp>

#include <vector>

#include "fuzz/byte_mutator.hpp"
#include "llm/chat_stream.hpp"
#include "llm/sse_parser.hpp"

using parley::llm::ChatStream;
using parley::llm::SseEvent;
using parley::llm::SseParser;
using parley::testing::ByteMutator;
using parley::testing::fuzz_corpus;
using parley::testing::fuzz_for;

namespace {

constexpr std::size_t kBound = 512;

// The events of `input` fed in pieces cut at `cuts` (sizes, cycled), and whether the parser overflowed.
std::pair<std::vector<SseEvent>, bool> events_of(std::string_view input, const std::vector<std::size_t>& cuts) {
    SseParser parser(kBound);
    std::vector<SseEvent> events;
    std::size_t turn = 0;
    while (!input.empty()) {
        const std::size_t n = std::min(input.size(), cuts[turn++ % cuts.size()]);
        const bool more = parser.feed(input.substr(0, n), [&](const SseEvent& event) {
            events.push_back(event);
            return true;
        });
        input.remove_prefix(n);
        if (!more) {
            break;
        }
    }
    return {events, parser.overflowed()};
}

} // namespace

TEST_CASE("fuzz: the SSE parser gives the same bounded events however its input is cut", "[llm][fuzz]") {
    ByteMutator mutator(fuzz_corpus("sse_parser"), 12);
    const auto runs = fuzz_for(std::chrono::milliseconds(1000), 200'000, [&] {
        const std::string input = mutator.next();
        const auto whole = events_of(input, {input.size() + 1});
        const auto cut = events_of(input, {1 + mutator.below(7), 1 + mutator.below(300)});
        REQUIRE(whole.second == cut.second);
        if (!whole.second) {
            REQUIRE(whole.first.size() == cut.first.size());
            for (std::size_t i = 0; i < whole.first.size(); ++i) {
                REQUIRE(whole.first[i].data == cut.first[i].data);
                REQUIRE(whole.first[i].type == cut.first[i].type);
            }
        }
        for (const auto& event : whole.first) {
            REQUIRE(event.data.size() <= kBound);
        }
    });
    CHECK(runs > 100);
}

TEST_CASE("fuzz: a chat stream never holds more content than its cap", "[llm][fuzz]") {
    ByteMutator mutator(fuzz_corpus("sse_parser"), 34);
    const parley::llm::DeltaCallback on_delta = [](std::string_view) {
    };
    const auto runs = fuzz_for(std::chrono::milliseconds(1000), 200'000, [&] {
        std::string input = mutator.next();
        // Repeat the input so caps are reached, not only approached.
        for (int i = 0; i < 3; ++i) {
            input += input;
        }
        ChatStream stream(on_delta, kBound);
        stream.feed(input);
        REQUIRE(stream.content().size() <= kBound);
        REQUIRE(stream.bytes_read() == input.size());
        if (stream.malformed_chunk()) {
            REQUIRE(stream.malformed_chunk()->size() <= kBound);
        }
    });
    CHECK(runs > 100);
}
