#include <catch2/catch.hpp>

#include "llm/call_context.hpp"

TEST_CASE("every purpose reads back from its name, and its phase is where the protocol makes it", "[llm]") {
    using parley::llm::Phase;
    using parley::llm::Purpose;
    for (auto purpose : {Purpose::clarification, Purpose::proposal, Purpose::critique, Purpose::refinement,
                         Purpose::summary, Purpose::judge_summary, Purpose::synthesis}) {
        CHECK(parley::llm::parse_purpose(parley::llm::to_string(purpose)) == purpose);
    }
    CHECK_FALSE(parley::llm::parse_purpose("judge summary"));
    CHECK(parley::llm::phase_of(Purpose::clarification) == Phase::clarification);
    CHECK(parley::llm::phase_of(Purpose::summary) == Phase::round);
    CHECK(parley::llm::phase_of(Purpose::judge_summary) == Phase::synthesis);
}
