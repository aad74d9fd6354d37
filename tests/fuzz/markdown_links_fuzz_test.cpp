// Seeded mutation fuzzing of the Markdown link check (tests/fuzz/corpus/markdown_links/): whatever model text
// becomes, no link that a CommonMark renderer would keep points anywhere but http, https, mailto or an anchor.

#include <catch2/catch.hpp>

#include <string>

#include "fuzz/byte_mutator.hpp"
#include "report/link_destination.hpp"
#include "report/markdown_text.hpp"
#include "util/text.hpp"

using parley::testing::ByteMutator;
using parley::testing::fuzz_corpus;
using parley::testing::fuzz_for;

namespace {

// Whether the text after "](" would be a live script link as a browser reads the decoded URL: tabs and line breaks
// dropped, leading controls and spaces trimmed. Independent of the allowlist, so the two check each other.
bool live_script_link(std::string_view rest) {
    std::string url;
    for (const char c : parley::report::decoded_destination(rest, 64)) {
        if (c != '\t' && c != '\n' && c != '\r') {
            url += c;
        }
    }
    const auto first = url.find_first_not_of(std::string("\0 \x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c", 12));
    url = parley::util::ascii_lower(first == std::string::npos ? std::string() : url.substr(first));
    for (std::string_view scheme : {"javascript:", "vbscript:", "data:"}) {
        if (url.rfind(scheme, 0) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("fuzz: no script link survives in model text made inert", "[report][fuzz]") {
    ByteMutator mutator(fuzz_corpus("markdown_links"), 61);
    const auto runs = fuzz_for(std::chrono::milliseconds(800), 200'000, [&] {
        std::string input = mutator.next();
        // Code spans and fences keep their text as written, links included, and are no links: left out here.
        std::erase_if(input, [](char c) { return c == '`' || c == '~'; });
        for (const auto& out : {parley::report::one_line(input), parley::report::nested_block(input, 4)}) {
            for (auto at = out.find("]("); at != std::string::npos; at = out.find("](", at + 1)) {
                INFO(input);
                REQUIRE_FALSE(live_script_link(std::string_view(out).substr(at + 2)));
            }
        }
    });
    CHECK(runs > 100);
}
