#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "llm/chat_stream.hpp"
#include "llm/sse_parser.hpp"

using parley::llm::ChatStream;
using parley::llm::DeltaCallback;
using parley::llm::SseEvent;
using parley::llm::SseParser;

namespace {

std::vector<SseEvent> parse_in_chunks(const std::string& body, std::size_t chunk) {
    SseParser parser;
    std::vector<SseEvent> events;
    for (std::size_t at = 0; at < body.size(); at += chunk) {
        parser.feed(std::string_view(body).substr(at, chunk), [&](const SseEvent& e) {
            events.push_back(e);
            return true;
        });
    }
    return events;
}

// Feeds `body` to a fresh ChatStream at `chunk` bytes a time and returns it with the deltas it passed on.
struct StreamRun {
    std::string deltas;
    DeltaCallback on_delta;
    ChatStream stream;
    bool accepted = true;

    StreamRun(const std::string& body, std::size_t chunk)
        : on_delta([this](std::string_view delta) { deltas += delta; }), stream(on_delta) {
        for (std::size_t at = 0; at < body.size() && accepted; at += chunk) {
            accepted = stream.feed(std::string_view(body).substr(at, chunk));
        }
    }
};

std::string chunk_event(const std::string& content_json) {
    return "data: {\"model\":\"m-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + content_json +
           "},\"finish_reason\":null}]}\n\n";
}

const std::string kFinish = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
const std::string kDone = "data: [DONE]\n\n";

} // namespace

TEST_CASE("lines split across chunks give the same events at every chunk size", "[llm]") {
    const std::string body = "event: message\ndata: first\n\ndata: second event with a longer line\n\n";
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        const auto events = parse_in_chunks(body, chunk);
        INFO("chunk size " << chunk);
        REQUIRE(events.size() == 2);
        CHECK(events[0].type == "message");
        CHECK(events[0].data == "first");
        CHECK(events[1].type.empty());
        CHECK(events[1].data == "second event with a longer line");
    }
}

TEST_CASE("CRLF and lone CR line endings split across chunks end exactly one line", "[llm]") {
    // A CRLF misread as two line endings would end the multi-line events early.
    const std::string body = "data: a\r\ndata: a2\r\n\r\ndata: b\rdata: b2\r\rdata: c\r\n\r\n";
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        const auto events = parse_in_chunks(body, chunk);
        INFO("chunk size " << chunk);
        REQUIRE(events.size() == 3);
        CHECK(events[0].data == "a\na2");
        CHECK(events[1].data == "b\nb2");
        CHECK(events[2].data == "c");
    }
}

TEST_CASE("UTF-8 characters split across chunks arrive whole", "[llm]") {
    const std::string text = "h\xC3\xA9llo \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8E\x89";
    const std::string body =
        chunk_event("\"" + text.substr(0, 7) + "\"") + chunk_event("\"" + text.substr(7) + "\"") + kFinish + kDone;
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        StreamRun run(body, chunk);
        INFO("chunk size " << chunk);
        CHECK(run.accepted);
        CHECK(run.stream.content() == text);
        CHECK(run.deltas == text);
    }
}

TEST_CASE("comment lines such as keep-alive pings are ignored", "[llm]") {
    const std::string body =
        ": ping\n\n" + chunk_event("\"a\"") + ":ping\n" + chunk_event("\"b\"") + ": ping\n\n" + kFinish + kDone;
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        StreamRun run(body, chunk);
        INFO("chunk size " << chunk);
        CHECK(run.accepted);
        CHECK(run.stream.content() == "ab");
        CHECK(run.stream.finished());
    }
}

TEST_CASE("multi-line data joins its lines with a newline", "[llm]") {
    const std::string body = "data: {\"choices\":[{\"delta\":\ndata: {\"content\":\"x\"}}]}\n\n"
                             "data:no-space\ndata\n\n";
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        const auto events = parse_in_chunks(body, chunk);
        INFO("chunk size " << chunk);
        REQUIRE(events.size() == 2);
        CHECK(events[0].data == "{\"choices\":[{\"delta\":\n{\"content\":\"x\"}}]}");
        CHECK(events[1].data == "no-space\n");
        StreamRun run(body.substr(0, body.find("data:no-space")), chunk);
        CHECK(run.stream.content() == "x");
    }
}

TEST_CASE("data: [DONE] completes the stream and nothing before it does", "[llm]") {
    const std::string body = chunk_event("\"partial\"") + kDone;
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        INFO("chunk size " << chunk);
        StreamRun before(body.substr(0, body.size() - kDone.size()), chunk);
        CHECK_FALSE(before.stream.finished());
        StreamRun after(body, chunk);
        CHECK(after.stream.finished());
        CHECK(after.stream.content() == "partial");
    }
}

TEST_CASE("a usage-only last chunk with empty choices carries the usage", "[llm]") {
    const std::string body = chunk_event("\"hi\"") + kFinish +
                             "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":2,"
                             "\"total_tokens\":13}}\n\n" +
                             kDone;
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        StreamRun run(body, chunk);
        INFO("chunk size " << chunk);
        REQUIRE(run.stream.usage().has_value());
        CHECK(run.stream.usage()->prompt_tokens == 11);
        CHECK(run.stream.usage()->completion_tokens == 2);
        CHECK(run.stream.usage()->total_tokens == 13);
        CHECK_FALSE(run.stream.usage()->estimated);
        CHECK(run.stream.content() == "hi");
        CHECK(run.stream.finish_reason() == "stop");
        CHECK(run.stream.model() == "m-1");
    }
}

TEST_CASE("delta.content null is no content and no failure", "[llm]") {
    const std::string body = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":null}}]}\n\n" +
                             chunk_event("null") + chunk_event("\"ok\"") + kFinish + kDone;
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        StreamRun run(body, chunk);
        INFO("chunk size " << chunk);
        CHECK(run.accepted);
        CHECK(run.stream.content() == "ok");
        CHECK(run.deltas == "ok");
    }
}

TEST_CASE("an error object mid-stream stops the stream and is kept", "[llm]") {
    const std::string body =
        chunk_event("\"before \"") +
        "data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\",\"code\":502}}\n\n" +
        chunk_event("\"after\"") + kDone;
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        StreamRun run(body, chunk);
        INFO("chunk size " << chunk);
        CHECK_FALSE(run.accepted);
        REQUIRE(run.stream.error().has_value());
        CHECK((*run.stream.error())["message"] == "Overloaded");
        CHECK(run.stream.content() == "before ");
        CHECK_FALSE(run.stream.finished());
    }
}

TEST_CASE("an event named error is taken as the error object", "[llm]") {
    const std::string body = "event: error\ndata: {\"message\":\"model crashed\"}\n\n";
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        StreamRun run(body, chunk);
        CHECK_FALSE(run.accepted);
        REQUIRE(run.stream.error().has_value());
        CHECK((*run.stream.error())["message"] == "model crashed");
    }
}

TEST_CASE("a chunk that is not JSON stops the stream and is quoted", "[llm]") {
    const std::string body = chunk_event("\"a\"") + "data: {\"choices\": [not json\n\n" + kDone;
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        StreamRun run(body, chunk);
        CHECK_FALSE(run.accepted);
        REQUIRE(run.stream.malformed_chunk().has_value());
        CHECK(*run.stream.malformed_chunk() == "{\"choices\": [not json");
    }
}

TEST_CASE("an event without a closing blank line is not dispatched", "[llm]") {
    const auto events = parse_in_chunks("data: complete\n\ndata: unfinished\n", 5);
    REQUIRE(events.size() == 1);
    CHECK(events[0].data == "complete");
}
