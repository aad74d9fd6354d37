// A hostile OpenAI-compatible server against the real client: endless answers, giant headers, garbage 200s,
// echoed keys, absurd waits. Each must end within its configured limits with a clear, bounded error.

#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <string>

#include "fake/fake_provider.hpp"
#include "run/provider_factory.hpp"
#include "util/text_safety.hpp"

using namespace std::chrono_literals;
using parley::ErrorKind;
using parley::llm::ChatRequest;
using parley::llm::ChatResponse;
using parley::llm::Provider;
using parley::llm::ProviderSpec;
using parley::testing::FakeProvider;
using parley::testing::FakeReply;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kKeyEnv = "PARLEY_HOSTILE_KEY";
// 45 characters, as in the report that found the partial leak.
const std::string kKey = "sk-hostile-0123456789abcdefghijklmnopqrstuvwx";
constexpr std::size_t kCap = 64 * 1024;
// libcurl hands the body over in pieces of at most CURL_MAX_WRITE_SIZE (16 KiB).
constexpr std::size_t kOneChunk = 16 * 1024;

std::shared_ptr<Provider> provider_for(const FakeProvider& fake, bool stream) {
    ProviderSpec spec;
    spec.kind = "openai-compatible";
    spec.base_url = fake.base_url();
    spec.api_key_env = kKeyEnv;
    spec.stream = stream;
    spec.max_response_bytes = kCap;
    spec.timeouts = {1000, 2000, 1000, 5000};
    auto provider = parley::llm::make_provider(spec, parley::util::Env::from_values({{kKeyEnv, kKey}}));
    REQUIRE(provider);
    return *provider;
}

struct Outcome {
    parley::Result<ChatResponse> result;
    std::string deltas;
    double ms = 0;
};

Outcome play(const FakeReply& reply, bool stream) {
    FakeProvider fake;
    fake.script(reply);
    auto provider = provider_for(fake, stream);
    ChatRequest request;
    request.model = "fake-model-1";
    request.messages = {{"user", "Say hello."}};
    Outcome outcome{parley::Result<ChatResponse>(ChatResponse{}), {}, 0};
    const auto start = Clock::now();
    outcome.result = provider->complete(request, {}, [&](std::string_view delta) { outcome.deltas += delta; });
    outcome.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return outcome;
}

// Whether any 6-character piece of the key's secret part shows in `text`.
bool leaks_key(const std::string& text) {
    for (std::size_t at = 3; at + 6 <= kKey.size(); ++at) {
        if (text.find(kKey.substr(at, 6)) != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::size_t bytes_read_in(const std::string& message) {
    std::smatch match;
    REQUIRE(std::regex_search(message, match, std::regex("stopped after reading ([0-9]+) bytes")));
    return std::stoul(match[1]);
}

} // namespace

TEST_CASE("an endless stream stops at maxResponseBytes with a permanent error", "[llm][hostile]") {
    FakeReply reply = FakeReply::of(FakeReply::Kind::endless_stream);
    reply.piece_bytes = 512;
    const auto outcome = play(reply, true);
    REQUIRE_FALSE(outcome.result);
    CHECK(outcome.result.error().kind == ErrorKind::permanent);
    CHECK(outcome.result.error().message.find("larger than maxResponseBytes=65536") != std::string::npos);
    CHECK(outcome.deltas.size() <= kCap);
    // The content is capped; the SSE framing around 512-byte deltas is about a third more.
    CHECK(bytes_read_in(outcome.result.error().message) <= 2 * kCap + kOneChunk);
    CHECK(outcome.ms < 2000);
}

TEST_CASE("a data line that never ends stops at maxResponseBytes", "[llm][hostile]") {
    const auto outcome = play(FakeReply::of(FakeReply::Kind::endless_line), true);
    REQUIRE_FALSE(outcome.result);
    CHECK(outcome.result.error().kind == ErrorKind::permanent);
    CHECK(outcome.result.error().message.find("maxResponseBytes=65536") != std::string::npos);
    CHECK(bytes_read_in(outcome.result.error().message) <= kCap + kOneChunk);
    CHECK(outcome.deltas.empty());
    CHECK(outcome.ms < 2000);
}

TEST_CASE("a plain body larger than maxResponseBytes is refused", "[llm][hostile]") {
    const auto outcome = play(FakeReply::answer(std::string(200'000, 'a')), false);
    REQUIRE_FALSE(outcome.result);
    CHECK(outcome.result.error().kind == ErrorKind::permanent);
    CHECK(bytes_read_in(outcome.result.error().message) <= kCap + kOneChunk);
}

TEST_CASE("too many or too large response headers stop the call", "[llm][hostile]") {
    FakeReply many = FakeReply::answer("hi");
    for (int i = 0; i < 400; ++i) {
        many.headers["x-filler-" + std::to_string(i)] = "v";
    }
    FakeReply giant = FakeReply::answer("hi");
    giant.headers["x-giant"] = std::string(80 * 1024, 'h');
    for (const auto& reply : {many, giant}) {
        const auto outcome = play(reply, true);
        REQUIRE_FALSE(outcome.result);
        CHECK(outcome.result.error().kind == ErrorKind::permanent);
        CHECK(outcome.result.error().message.find("response headers are larger") != std::string::npos);
        CHECK(outcome.ms < 2000);
    }
}

TEST_CASE("a 200 that is JSON but not a chat completion is an error naming the endpoint", "[llm][hostile]") {
    const std::pair<const char*, const char*> cases[] = {
        {R"({"a":1})", "\"choices\" is missing"},
        {R"({"choices":[]})", "\"choices\" is empty"},
        {R"({"choices":[{"message":{"content":5}}]})", "content is not a string"},
        {R"({"choices":[{"message":{"role":"assistant"}}]})", "content is missing"},
        {R"({"choices":["text"]})", "choices[0] is not an object"},
    };
    for (const auto& [body, why] : cases) {
        const auto outcome = play(FakeReply::raw(body), false);
        REQUIRE_FALSE(outcome.result);
        CHECK(outcome.result.error().kind == ErrorKind::permanent);
        const auto& message = outcome.result.error().message;
        CHECK(message.find("not a chat completion") != std::string::npos);
        CHECK(message.find(why) != std::string::npos);
        CHECK(message.find("/v1") != std::string::npos);
    }
}

TEST_CASE("an empty answer is an error, never an answer", "[llm][hostile]") {
    const auto plain = play(FakeReply::raw(R"({"choices":[{"message":{"content":""}}]})"), false);
    REQUIRE_FALSE(plain.result);
    CHECK(plain.result.error().message.find("answer is empty (finish_reason missing)") != std::string::npos);
    const auto stopped = play(FakeReply::answer(""), true);
    REQUIRE_FALSE(stopped.result);
    CHECK(stopped.result.error().message.find("answer is empty") != std::string::npos);
}

TEST_CASE("a stream of garbage chunks or with no content and no end is an error", "[llm][hostile]") {
    FakeReply garbage = FakeReply::answer("x");
    garbage.raw_stream = "data: {\"a\":1}\n\ndata: [DONE]\n\n";
    const auto wrong = play(garbage, true);
    REQUIRE_FALSE(wrong.result);
    CHECK(wrong.result.error().message.find("not a chat completion") != std::string::npos);

    FakeReply bad_delta = FakeReply::answer("x");
    bad_delta.raw_stream = "data: {\"choices\":[{\"delta\":{\"content\":[1]}}]}\n\n";
    const auto typed = play(bad_delta, true);
    REQUIRE_FALSE(typed.result);
    CHECK(typed.result.error().message.find("delta.content is not a string") != std::string::npos);

    FakeReply silent = FakeReply::answer("x");
    silent.raw_stream = "data: {\"choices\":[]}\n\n";
    const auto unfinished = play(silent, true);
    REQUIRE_FALSE(unfinished.result);
    CHECK(unfinished.result.error().message.find("truncated") != std::string::npos);
}

TEST_CASE("a key echoed after 248 characters of an error never leaks, even in part", "[llm][hostile]") {
    for (const bool stream : {true, false}) {
        const auto outcome = play(FakeReply::http_error(500, std::string(248, 'm') + "Bearer " + kKey), stream);
        REQUIRE_FALSE(outcome.result);
        CHECK_FALSE(leaks_key(outcome.result.error().message));
        CHECK(outcome.result.error().message.find("mmmm") != std::string::npos);
    }
    FakeReply mid_stream = FakeReply::of(FakeReply::Kind::stream_error);
    mid_stream.error_message = std::string(290, 'm') + kKey;
    const auto outcome = play(mid_stream, true);
    REQUIRE_FALSE(outcome.result);
    CHECK_FALSE(leaks_key(outcome.result.error().message));
}

TEST_CASE("a key echoed in a 200 answer is replaced before anyone sees it", "[llm][hostile]") {
    for (const bool stream : {true, false}) {
        FakeReply reply = FakeReply::answer("Your key is " + kKey + " and again " + kKey + ".");
        reply.piece_bytes = 3; // the key arrives split across many deltas
        reply.model = "model-" + kKey;
        const auto outcome = play(reply, stream);
        REQUIRE(outcome.result);
        CHECK(outcome.result->content == "Your key is [redacted] and again [redacted].");
        CHECK_FALSE(leaks_key(outcome.result->model));
        CHECK_FALSE(leaks_key(outcome.deltas));
        if (stream) {
            CHECK(outcome.deltas == outcome.result->content);
        }
    }
}

TEST_CASE("escape sequences in an error body stay data until a terminal sees them made safe", "[llm][hostile]") {
    const auto outcome = play(FakeReply::http_error(502, "\x1b]0;pwned\x07\x1b[2J\xc2\x9b"
                                                         "31m\xff"),
                              false);
    REQUIRE_FALSE(outcome.result);
    const std::string shown = parley::util::terminal_safe(outcome.result.error().message);
    CHECK(shown.find('\x1b') == std::string::npos);
    CHECK(shown.find('\x07') == std::string::npos);
    CHECK(shown.find("\xc2\x9b") == std::string::npos);
    CHECK(shown.find("\\x1b]0;pwned") != std::string::npos);
}

TEST_CASE("absurd Retry-After values reach the queue bounded, not dropped", "[llm][hostile]") {
    const std::map<std::string, std::string> headers[] = {
        {{"Retry-After", "315360000"}},
        {{"Retry-After", "Mon, 01 Dec 2036 00:00:00 GMT"}},
        {{"retry-after-ms", "315360000000"}},
    };
    for (const auto& header : headers) {
        const auto outcome = play(FakeReply::http_error(429, "slow down", header), false);
        REQUIRE_FALSE(outcome.result);
        CHECK(outcome.result.error().kind == ErrorKind::transient);
        REQUIRE(outcome.result.error().retry_after);
        CHECK(*outcome.result.error().retry_after > std::chrono::hours(24 * 365 * 9));
        CHECK(outcome.ms < 1000);
    }
}

TEST_CASE("a timeout past the clock's range is no timeout, not an instant failure", "[llm][hostile]") {
    FakeProvider fake;
    fake.script(FakeReply::answer("fine"));
    ProviderSpec spec;
    spec.kind = "openai-compatible";
    spec.base_url = fake.base_url();
    spec.timeouts = {9'300'000'000'000, 9'300'000'000'000, 9'300'000'000'000, 9'300'000'000'000};
    auto provider = parley::llm::make_provider(spec, parley::util::Env::from_values({}));
    REQUIRE(provider);
    ChatRequest request;
    request.model = "fake-model-1";
    request.messages = {{"user", "hi"}};
    const auto response = (*provider)->complete(request, {}, {});
    REQUIRE(response);
    CHECK(response->content == "fine");
}
