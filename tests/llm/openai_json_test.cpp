#include <catch2/catch.hpp>

#include "llm/openai_json.hpp"

using nlohmann::json;
using parley::llm::build_request_body;
using parley::llm::ChatRequest;
using parley::llm::estimate_usage;
using parley::llm::parse_completion_part;

namespace {

ChatRequest sample_request() {
    ChatRequest request;
    request.model = "gpt-test";
    request.messages = {{"system", "You are terse."}, {"user", "Design a queue."}};
    request.temperature = 0.25;
    request.context.agent.role = "architect";
    request.context.problem = std::make_shared<const std::string>("a problem that must stay private");
    return request;
}

} // namespace

TEST_CASE("the request body carries model, messages, temperature and stream settings", "[llm]") {
    auto request = sample_request();
    request.max_tokens = 300;
    const json body = json::parse(build_request_body(request, true));
    CHECK(body["model"] == "gpt-test");
    CHECK(body["messages"].size() == 2);
    CHECK(body["messages"][1]["content"] == "Design a queue.");
    CHECK(body["temperature"] == 0.25);
    CHECK(body["max_tokens"] == 300);
    CHECK(body["stream"] == true);
    CHECK(body["stream_options"]["include_usage"] == true);
    CHECK_FALSE(body.contains("context"));
    CHECK(body.dump().find("architect") == std::string::npos);
    CHECK(body.dump().find("a problem that must stay private") == std::string::npos);
    const json plain = json::parse(build_request_body(sample_request(), false));
    CHECK(plain["stream"] == false);
    CHECK_FALSE(plain.contains("stream_options"));
    CHECK_FALSE(plain.contains("max_tokens"));
}

TEST_CASE("extra parameters override the body and null removes a key", "[llm]") {
    auto request = sample_request();
    request.extra = {{"top_p", 0.9}, {"temperature", nullptr}, {"stream_options", nullptr}};
    const json body = json::parse(build_request_body(request, true));
    CHECK(body["top_p"] == 0.9);
    CHECK_FALSE(body.contains("temperature"));
    CHECK_FALSE(body.contains("stream_options"));
}

TEST_CASE("invalid UTF-8 in a message is replaced, not thrown on", "[llm]") {
    auto request = sample_request();
    request.messages[1].content = "bad \xFF byte";
    const json body = json::parse(build_request_body(request, false));
    CHECK(body["messages"][1]["content"] == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("a completion body yields content, model, finish reason and usage", "[llm]") {
    const auto part = parse_completion_part(
        R"({"model":"gpt-4o-2024","choices":[{"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}})");
    REQUIRE(part);
    CHECK(part->content == "Hi");
    CHECK(part->model == "gpt-4o-2024");
    CHECK(part->finish_reason == "stop");
    REQUIRE(part->usage);
    CHECK(part->usage->total_tokens == 6);
    CHECK_FALSE(part->error);
    CHECK_FALSE(parse_completion_part("not json"));
    CHECK_FALSE(parse_completion_part("[1,2]"));
}

TEST_CASE("usage is estimated from the text when the server sends none", "[llm]") {
    const auto usage = estimate_usage(sample_request(), "12345678");
    CHECK(usage.estimated);
    CHECK(usage.completion_tokens == 2);
    CHECK(usage.prompt_tokens == 4 + 4 + 4 + 4); // framing plus ceil(14/4) and ceil(15/4)
    CHECK(usage.total_tokens == usage.prompt_tokens + usage.completion_tokens);
}
