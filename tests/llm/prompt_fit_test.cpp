// The one cutter every prompt goes through: cuts on character boundaries, leaves a marker saying how much went,
// shares room evenly, and always cuts the same text the same way.

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

#include "llm/context_window.hpp"
#include "llm/prompt_fit.hpp"
#include "util/utf8.hpp"

using namespace parley::llm;

TEST_CASE("text that fits is left as it is", "[llm][prompt_fit]") {
    CHECK(cut_to_fit("short text", 100, "agent-x") == "short text");
    CHECK(cut_to_fit("", 0, "agent-x").empty());
}

TEST_CASE("a cut keeps the beginning and the end, with a marker counting the characters cut", "[llm][prompt_fit]") {
    std::string text;
    for (int i = 0; i < 2000; ++i) {
        text += static_cast<char>('a' + i % 26);
    }
    const auto cut = cut_to_fit(text, 400, "agent-x");
    CHECK(cut.size() <= 400);
    CHECK(cut.substr(0, 10) == text.substr(0, 10));
    CHECK(cut.substr(cut.size() - 10) == text.substr(text.size() - 10));
    const std::regex marker(R"(\n\n\[… ([0-9,]+) characters cut to fit agent-x's context budget …\]\n\n)");
    std::smatch found;
    REQUIRE(std::regex_search(cut, found, marker));
    std::string count = found[1].str();
    count.erase(std::remove(count.begin(), count.end(), ','), count.end());
    // Every character not kept is counted in the marker.
    CHECK(std::stoul(count) + (cut.size() - static_cast<std::size_t>(found.length(0))) == text.size());
}

TEST_CASE("a cut never splits a character, whatever the limit", "[llm][prompt_fit]") {
    std::string text;
    for (int i = 0; i < 500; ++i) {
        text += "é水🙂";
    }
    for (std::size_t limit = 120; limit < 140; ++limit) {
        const auto cut = cut_to_fit(text, limit, "judge");
        CAPTURE(limit);
        CHECK(cut.size() <= limit);
        CHECK_FALSE(parley::util::first_invalid_utf8(cut).has_value());
    }
}

TEST_CASE("the same text is cut the same way, and a room too small for the marker leaves nothing",
          "[llm][prompt_fit]") {
    const std::string text(10'000, 'x');
    CHECK(cut_to_fit(text, 500, "a") == cut_to_fit(text, 500, "a"));
    CHECK(cut_to_fit(text, 20, "a").empty());
}

TEST_CASE("room is shared evenly: a small part stays whole, the large ones are cut alike", "[llm][prompt_fit]") {
    std::string small(100, 's');
    std::string large(50'000, 'l');
    std::string larger(80'000, 'L');
    const std::size_t room = 10'000;
    const auto cut = fit_parts({{&large, 1}, {&small, 1}, {&larger, 1}}, room, "agent-x");
    CHECK(small == std::string(100, 's'));
    CHECK(small.size() + large.size() + larger.size() <= room);
    CHECK(large.size() > 4'000);
    CHECK(larger.size() > 4'000);
    CHECK(cut == 130'100 - small.size() - large.size() - larger.size());
}

TEST_CASE("a part used twice in a prompt counts twice", "[llm][prompt_fit]") {
    std::string twice(20'000, 't');
    std::string once(20'000, 'o');
    fit_parts({{&twice, 2}, {&once, 1}}, 9'000, "agent-x");
    CHECK(2 * twice.size() + once.size() <= 9'000);
}

TEST_CASE("the answer keeps its room: maxTokens, else a quarter of the budget up to 4,096", "[llm][prompt_fit]") {
    CHECK(answer_room_tokens(8'192, std::nullopt) == 2'048);
    CHECK(answer_room_tokens(128'000, std::nullopt) == 4'096);
    CHECK(answer_room_tokens(8'192, 1'000) == 1'000);
    CHECK(prompt_bytes_allowed(8'192, std::nullopt) == 6'144 * 4);
    CHECK(prompt_bytes_allowed(1'024, 2'000) == 0);
}

TEST_CASE("a message list is cut to fit and says so", "[llm][prompt_fit]") {
    std::vector<Message> messages{
        {"system", "You are terse."}, {"user", std::string(30'000, 'u')}, {"assistant", std::string(60'000, 'a')}};
    CHECK(fit_messages(messages, 8'000, "judge-main"));
    CHECK(prompt_bytes(messages) <= 8'000);
    CHECK(messages[0].content == "You are terse.");
    CHECK_THAT(messages[2].content, Catch::Contains("characters cut to fit judge-main's context budget"));
}

TEST_CASE("a budget is the configured one, else the model's known window, else the default", "[llm][prompt_fit]") {
    CHECK(known_context_window("gpt-4o") == 128'000);
    CHECK(known_context_window("openai/gpt-4o-2024-08-06") == 128'000);
    CHECK(known_context_window("anthropic/claude-sonnet-4") == 200'000);
    // A local model runs with the window its server gives it: not known here.
    CHECK_FALSE(known_context_window("llama3.1:8b").has_value());
    CHECK(context_budget(50'000, "gpt-4o").tokens == 50'000);
    CHECK(context_budget(50'000, "gpt-4o").source == ContextBudgetSource::config);
    CHECK(context_budget(std::nullopt, "gpt-4o").source == ContextBudgetSource::model);
    CHECK(context_budget(std::nullopt, "my-local-model").tokens == kDefaultContextTokens);
    CHECK(context_budget(std::nullopt, "my-local-model").source == ContextBudgetSource::fallback);
}
