#include <catch2/catch.hpp>

#include <functional>
#include <utility>
#include <vector>

#include "llm/request_key.hpp"

using namespace parley::llm;

namespace {

ProviderSpec sample_spec() {
    ProviderSpec spec;
    spec.kind = "openai";
    spec.base_url = "https://api.openai.com/v1";
    return spec;
}

ChatRequest sample_request() {
    ChatRequest request;
    request.model = "gpt-4o";
    request.temperature = 0.7;
    request.max_tokens = 512;
    request.extra = nlohmann::json::parse(R"({"top_p": 0.9, "seed": 7})");
    request.messages = {{"system", "You are an architect."}, {"user", "Design a task queue."}};
    return request;
}

} // namespace

TEST_CASE("a call's key is 64 hex digits that stay the same across builds", "[llm][request_key]") {
    const auto key = request_key(sample_spec(), sample_request());
    CHECK(key == request_key(sample_spec(), sample_request()));
    // Pinned, and recomputed by hand from the documented layout: a change here means no journal written before
    // resumes any more, so it must come with a new format name.
    CHECK(key == "bc8a0f9523a71e0ecf915fb166de2dab867f2ca2366b252fba07518e05255c1a");
}

TEST_CASE("every part of a call's identity changes its key", "[llm][request_key]") {
    const auto base = request_key(sample_spec(), sample_request());
    const std::vector<std::pair<const char*, std::function<void(ProviderSpec&, ChatRequest&)>>> changes{
        {"kind",
         [](ProviderSpec& s, ChatRequest&) {
             s.kind = "openrouter";
         }},
        {"base url",
         [](ProviderSpec& s, ChatRequest&) {
             s.base_url = "http://127.0.0.1:8080/v1";
         }},
        {"model",
         [](ProviderSpec&, ChatRequest& r) {
             r.model = "gpt-4o-mini";
         }},
        {"temperature",
         [](ProviderSpec&, ChatRequest& r) {
             r.temperature = 0.70000001;
         }},
        {"max_tokens",
         [](ProviderSpec&, ChatRequest& r) {
             r.max_tokens = 513;
         }},
        {"no max_tokens",
         [](ProviderSpec&, ChatRequest& r) {
             r.max_tokens.reset();
         }},
        {"extra value",
         [](ProviderSpec&, ChatRequest& r) {
             r.extra["seed"] = 8;
         }},
        {"extra key",
         [](ProviderSpec&, ChatRequest& r) {
             r.extra["stop"] = "END";
         }},
        {"role",
         [](ProviderSpec&, ChatRequest& r) {
             r.messages[0].role = "user";
         }},
        {"content",
         [](ProviderSpec&, ChatRequest& r) {
             r.messages[1].content += " ";
         }},
        {"order",
         [](ProviderSpec&, ChatRequest& r) {
             std::swap(r.messages[0], r.messages[1]);
         }},
        {"one more message",
         [](ProviderSpec&, ChatRequest& r) {
             r.messages.push_back({"assistant", ""});
         }},
        {"an answer schema asked for",
         [](ProviderSpec&, ChatRequest& r) {
             r.response_schema = parley::llm::ResponseSchema{"comparison", {{"type", "object"}}};
         }},
    };
    for (const auto& [what, change] : changes) {
        INFO(what);
        auto spec = sample_spec();
        auto request = sample_request();
        change(spec, request);
        CHECK(request_key(spec, request) != base);
    }
}

TEST_CASE("secrets, headers, call context, timeouts and transport settings leave the key alone", "[llm][request_key]") {
    const auto base = request_key(sample_spec(), sample_request());
    auto spec = sample_spec();
    spec.api_key_env = "MY_SECRET_KEY_VARIABLE";
    spec.headers = {{"Authorization", "Bearer sk-live-0123456789"}, {"X-Title", "parley"}};
    spec.timeouts.total_ms = 1;
    spec.stream = !spec.stream;
    spec.ca_bundle = "/etc/ssl/extra.pem";
    auto request = sample_request();
    request.context.agent.role = "architect";
    request.context.purpose = parley::llm::Purpose::critique;
    CHECK(request_key(spec, request) == base);
    const auto canonical = canonical_request(spec, request);
    CHECK(canonical.find("sk-live") == std::string::npos);
    CHECK(canonical.find("MY_SECRET_KEY_VARIABLE") == std::string::npos);
    CHECK(canonical.find("architect") != std::string::npos); // the system prompt's own text, not the label
    CHECK(canonical.find("critique") == std::string::npos);
}

TEST_CASE("extra parameters give one key whatever order their fields were written in", "[llm][request_key]") {
    auto a = sample_request();
    auto b = sample_request();
    a.extra = nlohmann::json::parse(R"({"b": {"y": 1, "x": [1, 2]}, "a": true})");
    b.extra = nlohmann::json::parse(R"({"a": true, "b": {"x": [1, 2], "y": 1}})");
    CHECK(request_key(sample_spec(), a) == request_key(sample_spec(), b));
}

TEST_CASE("moving text across a message boundary changes the key", "[llm][request_key]") {
    auto a = sample_request();
    auto b = sample_request();
    a.messages = {{"user", "ab"}, {"user", "c"}};
    b.messages = {{"user", "a"}, {"user", "bc"}};
    CHECK(request_key(sample_spec(), a) != request_key(sample_spec(), b));
}

TEST_CASE("a trailing slash on the base URL names the same endpoint", "[llm][request_key]") {
    auto spec = sample_spec();
    spec.base_url += "/";
    CHECK(request_key(spec, sample_request()) == request_key(sample_spec(), sample_request()));
}

TEST_CASE("two answer schemas give two keys", "[llm][request_key]") {
    auto one = sample_request();
    one.response_schema = parley::llm::ResponseSchema{"comparison", {{"type", "object"}}};
    auto other = one;
    other.response_schema->schema["required"] = {"winner"};
    CHECK(request_key(sample_spec(), one) != request_key(sample_spec(), other));
    other = one;
    other.response_schema->name = "judge_synthesis";
    CHECK(request_key(sample_spec(), one) != request_key(sample_spec(), other));
}
