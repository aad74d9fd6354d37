// Tool calls through the OpenAI chat-completions API: the request's tools and tool messages, the calls read from a
// whole answer and assembled from a stream, and the idempotency key of a turn.

#include <catch2/catch.hpp>

#include "llm/chat_stream.hpp"
#include "llm/openai_json.hpp"
#include "llm/request_key.hpp"

using nlohmann::json;
using parley::llm::ChatRequest;
using parley::llm::ChatStream;
using parley::llm::DeltaCallback;
using parley::llm::parse_completion_part;

namespace {

ChatRequest exchange() {
    ChatRequest request;
    request.model = "gpt-test";
    request.messages = {{"system", "s"}, {"user", "u"}};
    request.tools = json::array({{{"type", "function"}, {"function", {{"name", "file_read"}}}}});
    request.tool_call_limit = 3;
    request.messages.push_back({"assistant", "", {{"call_1", "file_read", R"({"path":"a.md"})"}}});
    request.messages.push_back({"tool", "1| text", {}, "call_1"});
    return request;
}

} // namespace

TEST_CASE("a request with tools declares them and carries the exchange so far", "[llm][tools]") {
    const json body = json::parse(parley::llm::build_request_body(exchange(), false));
    CHECK(body["tools"][0]["function"]["name"] == "file_read");
    const auto& call = body["messages"][2];
    CHECK(call["role"] == "assistant");
    CHECK(call["content"].is_null());
    CHECK(call["tool_calls"][0]["id"] == "call_1");
    CHECK(call["tool_calls"][0]["type"] == "function");
    CHECK(call["tool_calls"][0]["function"]["arguments"] == R"({"path":"a.md"})");
    CHECK(body["messages"][3]["tool_call_id"] == "call_1");
    // A request without tools is sent as before: no tools key, no tool fields on its messages.
    ChatRequest plain;
    plain.messages = {{"user", "u"}};
    const json plain_body = json::parse(parley::llm::build_request_body(plain, false));
    CHECK_FALSE(plain_body.contains("tools"));
    CHECK(plain_body["messages"][0].size() == 2);
}

TEST_CASE("a whole answer's tool calls are read, with no content needed", "[llm][tools]") {
    const auto part = parse_completion_part(
        R"({"model":"m","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
            "tool_calls":[{"id":"c1","type":"function","function":{"name":"list_files","arguments":"{}"}},
                          {"id":"c2","type":"function","function":{"name":"file_read","arguments":"{\"path\":\"x\"}"}}]}}]})");
    REQUIRE(part);
    CHECK(part->problem.empty());
    REQUIRE(part->tool_calls.size() == 2);
    CHECK(part->tool_calls[1].name == "file_read");
    CHECK(part->tool_calls[1].arguments == R"({"path":"x"})");
    CHECK(part->finish_reason == "tool_calls");
    // Without tool calls a missing content is still a wrong shape.
    CHECK_FALSE(
        parse_completion_part(R"({"choices":[{"message":{"role":"assistant","content":null}}]})")->problem.empty());
    CHECK_FALSE(parse_completion_part(R"({"choices":[{"message":{"tool_calls":{}}}]})")->problem.empty());
}

TEST_CASE("streamed tool calls are assembled from their pieces by index", "[llm][tools]") {
    const std::string body =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\","
        "\"function\":{\"name\":\"file_read\",\"arguments\":\"{\\\"pa\"}}]}}]}\n\n"
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"c2\",\"function\":{\"name\":"
        "\"search\",\"arguments\":\"{}\"}}]}}]}\n\n"
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
        "\"th\\\":\\\"a.md\\\"}\"}}]}}]}\n\n"
        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, body.size()}) {
        const DeltaCallback none;
        ChatStream stream(none);
        for (std::size_t at = 0; at < body.size(); at += chunk) {
            REQUIRE(stream.feed(std::string_view(body).substr(at, chunk)));
        }
        REQUIRE(stream.finished());
        REQUIRE(stream.tool_calls().size() == 2);
        CHECK(stream.tool_calls()[0].id == "c1");
        CHECK(stream.tool_calls()[0].arguments == R"({"path":"a.md"})");
        CHECK(stream.tool_calls()[1].name == "search");
    }
}

TEST_CASE("a streamed tool call index far past the last is refused", "[llm][tools]") {
    const DeltaCallback none;
    ChatStream stream(none);
    CHECK_FALSE(stream.feed("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":5,\"function\":"
                            "{\"name\":\"x\"}}]}}]}\n\n"));
    CHECK(stream.too_large());
}

TEST_CASE("a turn's key covers its tool calls and results; a call without tools keeps its old key", "[llm][tools]") {
    parley::llm::ProviderSpec spec;
    const auto base = exchange();
    auto other_result = base;
    other_result.messages.back().content = "1| other text";
    auto other_call = base;
    other_call.messages[2].tool_calls[0].arguments = R"({"path":"b.md"})";
    const auto key = parley::llm::request_key(spec, base);
    CHECK(key != parley::llm::request_key(spec, other_result));
    CHECK(key != parley::llm::request_key(spec, other_call));
    ChatRequest plain;
    plain.messages = {{"user", "u"}};
    CHECK(parley::llm::canonical_request(spec, plain).find("tool") == std::string::npos);
}
