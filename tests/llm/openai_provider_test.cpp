#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "fake/fake_provider.hpp"
#include "run/provider_factory.hpp"

using namespace std::chrono_literals;
using parley::ErrorKind;
using parley::llm::ChatRequest;
using parley::llm::ChatResponse;
using parley::llm::Provider;
using parley::llm::ProviderSpec;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::FakeReply;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kKeyEnv = "PARLEY_FAKE_KEY";
constexpr const char* kKey = "sk-parley-test-0123456789abcdef";

std::shared_ptr<Provider> provider_for(const FakeProvider& fake, bool stream = true,
                                       void (*adjust)(ProviderSpec&) = nullptr) {
    ProviderSpec spec;
    spec.kind = "openai-compatible";
    spec.base_url = fake.base_url();
    spec.api_key_env = kKeyEnv;
    spec.stream = stream;
    spec.headers = {{"X-Title", "parley tests"}};
    if (adjust != nullptr) {
        adjust(spec);
    }
    auto provider = parley::llm::make_provider(spec, parley::util::Env::from_values({{kKeyEnv, kKey}}));
    REQUIRE(provider);
    return *provider;
}

ChatRequest request() {
    ChatRequest r;
    r.model = "fake-model-1";
    r.messages = {{"system", "Be brief."}, {"user", "Say hello."}};
    return r;
}

parley::Result<ChatResponse> call(Provider& provider, std::string* deltas = nullptr) {
    return provider.complete(request(), {}, [deltas](std::string_view delta) {
        if (deltas != nullptr) {
            *deltas += delta;
        }
    });
}

// One call, streamed or not, to a fresh fake that answers with `reply`.
parley::Result<ChatResponse> answer_to(const FakeReply& reply, bool stream) {
    FakeProvider fake;
    fake.script(reply);
    auto provider = provider_for(fake, stream);
    return call(*provider);
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

} // namespace

TEST_CASE("a streamed answer arrives as deltas with the server's usage and model", "[llm][net]") {
    FakeProvider fake;
    fake.script(FakeReply::answer("Hello, streaming world."));
    auto provider = provider_for(fake);
    std::string deltas;
    const auto response = call(*provider, &deltas);
    REQUIRE(response);
    CHECK(response->content == "Hello, streaming world.");
    CHECK(deltas == response->content);
    CHECK(response->model == "fake-model-1");
    CHECK_FALSE(response->usage.estimated);
    CHECK(response->usage.completion_tokens == 6);
    CHECK(response->usage.total_tokens == response->usage.prompt_tokens + 6);
    CHECK(response->time_to_first_token_ms <= response->latency_ms);
    CHECK(response->latency_ms > 0);
}

TEST_CASE("a non-streamed answer is read from the JSON body", "[llm][net]") {
    FakeProvider fake;
    fake.script(FakeReply::answer("Plain answer."));
    auto provider = provider_for(fake, false);
    std::string deltas;
    const auto response = call(*provider, &deltas);
    REQUIRE(response);
    CHECK(response->content == "Plain answer.");
    CHECK(deltas.empty());
    CHECK_FALSE(response->usage.estimated);
    CHECK(response->time_to_first_token_ms == response->latency_ms);
    const auto body = nlohmann::json::parse(fake.requests().at(0).body);
    CHECK(body["stream"] == false);
}

TEST_CASE("the request carries the key, extra headers, model and messages", "[llm][net]") {
    FakeProvider fake;
    auto provider = provider_for(fake);
    REQUIRE(call(*provider));
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].path == "/v1/chat/completions");
    CHECK(requests[0].headers.at("authorization") == std::string("Bearer ") + kKey);
    CHECK(requests[0].headers.at("x-title") == "parley tests");
    CHECK(requests[0].headers.at("content-type") == "application/json");
    const auto body = nlohmann::json::parse(requests[0].body);
    CHECK(body["model"] == "fake-model-1");
    CHECK(body["messages"][1]["content"] == "Say hello.");
    CHECK(body["stream"] == true);
}

TEST_CASE("awkward socket splits of a UTF-8 stream still give the exact content", "[llm][net]") {
    FakeProvider fake;
    auto provider = provider_for(fake);
    const std::string text = "caf\xC3\xA9 \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8E\x89 done";
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 64u}) {
        FakeReply reply = FakeReply::answer(text);
        reply.chunk_bytes = chunk;
        reply.piece_bytes = 1;
        fake.script(reply);
        std::string deltas;
        const auto response = call(*provider, &deltas);
        INFO("chunk bytes " << chunk);
        REQUIRE(response);
        CHECK(response->content == text);
        CHECK(deltas == text);
    }
}

TEST_CASE("a raw stream with CRLF, pings and null content is read end to end", "[llm][net]") {
    FakeProvider fake;
    FakeReply reply;
    reply.raw_stream = ": ping\r\n\r\n"
                       "data: {\"model\":\"raw-1\",\"choices\":[{\"delta\":{\"content\":null}}]}\r\n\r\n"
                       "data: {\"choices\":[{\"delta\":{\"content\":\"one\"}}]}\r\n\r\n"
                       "data: {\"choices\":[{\"delta\":{\"content\":\" two\"},\"finish_reason\":\"stop\"}]}\r\n\r\n"
                       "data: [DONE]\r\n\r\n";
    reply.chunk_bytes = 5;
    fake.script(reply);
    auto provider = provider_for(fake);
    const auto response = call(*provider);
    REQUIRE(response);
    CHECK(response->content == "one two");
    CHECK(response->model == "raw-1");
}

TEST_CASE("usage absent from the server is estimated and marked so", "[llm][net]") {
    for (bool stream : {true, false}) {
        FakeReply reply = FakeReply::answer("twelve bytes");
        reply.send_usage = false;
        const auto response = answer_to(reply, stream);
        INFO("stream " << stream);
        REQUIRE(response);
        CHECK(response->usage.estimated);
        CHECK(response->usage.completion_tokens == 3);
        CHECK(response->usage.prompt_tokens > 0);
    }
}

TEST_CASE("rate-limit headers of a success reach the response", "[llm][net]") {
    FakeProvider fake;
    FakeReply reply = FakeReply::answer("ok");
    reply.headers = {{"x-ratelimit-remaining-requests", "99"},
                     {"x-ratelimit-remaining-tokens", "5000"},
                     {"x-ratelimit-reset-requests", "12ms"},
                     {"x-ratelimit-reset-tokens", "1m3s"}};
    fake.script(reply);
    auto provider = provider_for(fake);
    const auto response = call(*provider);
    REQUIRE(response);
    CHECK(response->rate_limit.remaining_requests == 99L);
    CHECK(response->rate_limit.remaining_tokens == 5000L);
    CHECK(response->rate_limit.reset_requests == 12ms);
    CHECK(response->rate_limit.reset_tokens == 63s);
}

TEST_CASE("a 429 is transient and carries Retry-After and the provider's message", "[llm][net]") {
    for (bool stream : {true, false}) {
        const auto response =
            answer_to(FakeReply::http_error(429, "Rate limit reached for requests",
                                            {{"Retry-After", "2"}, {"x-ratelimit-remaining-requests", "0"}}),
                      stream);
        REQUIRE_FALSE(response);
        CHECK(response.error().kind == ErrorKind::transient);
        CHECK(response.error().http_status == 429);
        CHECK(response.error().retry_after == 2s);
        CHECK(response.error().message.find("Rate limit reached for requests") != std::string::npos);
    }
}

TEST_CASE("every HTTP error class comes back with its kind, status and message", "[llm][net]") {
    const std::pair<int, ErrorKind> cases[] = {
        {400, ErrorKind::permanent}, {401, ErrorKind::auth},      {402, ErrorKind::quota},
        {403, ErrorKind::auth},      {404, ErrorKind::permanent}, {408, ErrorKind::transient},
        {409, ErrorKind::transient}, {422, ErrorKind::permanent}, {500, ErrorKind::transient},
        {502, ErrorKind::transient}, {503, ErrorKind::transient}, {504, ErrorKind::transient},
        {529, ErrorKind::transient}};
    FakeProvider fake;
    auto provider = provider_for(fake);
    for (const auto& [status, kind] : cases) {
        fake.script(FakeReply::http_error(status, "fake says " + std::to_string(status)));
        const auto response = call(*provider);
        INFO(status);
        REQUIRE_FALSE(response);
        CHECK(response.error().kind == kind);
        CHECK(response.error().http_status == status);
        CHECK(response.error().message.find("fake says " + std::to_string(status)) != std::string::npos);
        if (kind == ErrorKind::auth) {
            CHECK(response.error().message.find(kKeyEnv) != std::string::npos);
        }
        if (kind == ErrorKind::quota) {
            CHECK(response.error().message.find("out of credits or over quota") != std::string::npos);
        }
    }
}

TEST_CASE("a connection dropped mid-response is transient", "[llm][net]") {
    for (bool stream : {true, false}) {
        const auto response = answer_to(FakeReply::of(FakeReply::Kind::drop_connection), stream);
        INFO("stream " << stream);
        REQUIRE_FALSE(response);
        CHECK(response.error().kind == ErrorKind::transient);
    }
}

TEST_CASE("a refused connection is transient", "[llm][net]") {
    int closed_port = 0;
    {
        FakeProvider fake;
        closed_port = fake.port();
    }
    ProviderSpec spec;
    spec.kind = "vllm";
    spec.base_url = "http://127.0.0.1:" + std::to_string(closed_port) + "/v1";
    auto provider = parley::llm::make_provider(spec, parley::util::Env::from_values({}));
    REQUIRE(provider);
    const auto response = call(**provider);
    REQUIRE_FALSE(response);
    CHECK(response.error().kind == ErrorKind::transient);
    CHECK(response.error().http_status == 0);
    CHECK(response.error().retry_reason == parley::RetryReason::unreachable);
    CHECK(response.error().provider == (*provider)->label());
}

TEST_CASE("a stream that ends without finishing is a transient truncation", "[llm][net]") {
    const auto response = answer_to(FakeReply::of(FakeReply::Kind::truncated), true);
    REQUIRE_FALSE(response);
    CHECK(response.error().kind == ErrorKind::transient);
    CHECK(response.error().message.find("truncated") != std::string::npos);
    CHECK(response.error().retry_reason == parley::RetryReason::truncated);
}

TEST_CASE("malformed JSON is transient in both modes", "[llm][net]") {
    for (bool stream : {true, false}) {
        const auto response = answer_to(FakeReply::of(FakeReply::Kind::malformed_json), stream);
        INFO("stream " << stream);
        REQUIRE_FALSE(response);
        CHECK(response.error().kind == ErrorKind::transient);
        CHECK(response.error().message.find("not JSON") != std::string::npos);
    }
}

TEST_CASE("an error object instead of an answer carries the provider's message", "[llm][net]") {
    for (bool stream : {true, false}) {
        FakeReply reply = FakeReply::of(FakeReply::Kind::stream_error);
        reply.error_message = "The model is overloaded.";
        const auto response = answer_to(reply, stream);
        INFO("stream " << stream);
        REQUIRE_FALSE(response);
        CHECK(response.error().kind == ErrorKind::transient);
        CHECK(response.error().message.find("The model is overloaded.") != std::string::npos);
    }
}

TEST_CASE("the idle timeout fires on a stall after a first burst", "[llm][net]") {
    FakeProvider fake;
    FakeReply reply = FakeReply::answer("a burst of tokens, then nothing at all for a long while");
    reply.kind = FakeReply::Kind::stall;
    fake.script(reply);
    auto provider = provider_for(fake, true, [](ProviderSpec& spec) { spec.timeouts.idle_ms = 150; });
    std::string deltas;
    const auto start = Clock::now();
    const auto response = call(*provider, &deltas);
    const double elapsed = ms_since(start);
    REQUIRE_FALSE(response);
    CHECK(response.error().kind == ErrorKind::transient);
    CHECK(response.error().message.find("idle timeout") != std::string::npos);
    CHECK(response.error().retry_reason == parley::RetryReason::timeout);
    CHECK_FALSE(deltas.empty());
    CHECK(elapsed >= 150);
    CHECK(elapsed < 900);
}

TEST_CASE("the first-byte timeout fires when the server says nothing", "[llm][net]") {
    FakeProvider fake;
    FakeReply reply = FakeReply::answer("late");
    reply.latency = 5s;
    fake.script(reply);
    auto provider = provider_for(fake, true, [](ProviderSpec& spec) { spec.timeouts.first_byte_ms = 100; });
    const auto start = Clock::now();
    const auto response = call(*provider);
    REQUIRE_FALSE(response);
    CHECK(response.error().kind == ErrorKind::transient);
    CHECK(response.error().message.find("first-byte timeout") != std::string::npos);
    CHECK(ms_since(start) < 900);
}

TEST_CASE("the total timeout fires before a longer idle limit would", "[llm][net]") {
    FakeProvider fake;
    FakeReply reply = FakeReply::answer("slow");
    reply.kind = FakeReply::Kind::stall;
    fake.script(reply);
    auto provider = provider_for(fake, true, [](ProviderSpec& spec) {
        spec.timeouts.total_ms = 120;
        spec.timeouts.idle_ms = 10'000;
    });
    const auto response = call(*provider);
    REQUIRE_FALSE(response);
    CHECK(response.error().message.find("total timeout") != std::string::npos);
}

TEST_CASE("cancellation from another thread takes effect well under a second", "[llm][net]") {
    FakeProvider fake;
    FakeReply reply = FakeReply::answer("a stream that stalls until it is cancelled");
    reply.kind = FakeReply::Kind::stall;
    fake.script(reply);
    auto provider = provider_for(fake);
    std::stop_source stop;
    std::atomic<bool> streaming{false};
    Clock::time_point requested;
    std::jthread canceller([&] {
        while (!streaming) {
            std::this_thread::sleep_for(1ms);
        }
        std::this_thread::sleep_for(50ms);
        requested = Clock::now();
        stop.request_stop();
    });
    const auto response = provider->complete(request(), stop.get_token(), [&](std::string_view) { streaming = true; });
    const auto returned = Clock::now();
    streaming = true; // frees the canceller even when the call failed before streaming
    canceller.join();
    REQUIRE_FALSE(response);
    CHECK(response.error().kind == ErrorKind::cancelled);
    const double latency = std::chrono::duration<double, std::milli>(returned - requested).count();
    CHECK(latency < 100);
}

TEST_CASE("a loopback server is reached directly even when a proxy is configured", "[llm][net]") {
    FakeProvider fake;
    auto provider = provider_for(fake);
    const char* previous = std::getenv("http_proxy");
    const std::string saved = previous == nullptr ? "" : previous;
    // Nothing listens on the discard port, so a call sent through this proxy would fail.
    ::setenv("http_proxy", "http://127.0.0.1:9", 1);
    const auto response = call(*provider);
    if (previous == nullptr) {
        ::unsetenv("http_proxy");
    } else {
        ::setenv("http_proxy", saved.c_str(), 1);
    }
    REQUIRE(response);
    CHECK(fake.requests().size() == 1);
}

TEST_CASE("a call already cancelled sends nothing", "[llm][net]") {
    FakeProvider fake;
    auto provider = provider_for(fake);
    std::stop_source stop;
    stop.request_stop();
    const auto response = provider->complete(request(), stop.get_token(), {});
    REQUIRE_FALSE(response);
    CHECK(response.error().kind == ErrorKind::cancelled);
    CHECK(fake.requests().empty());
}

TEST_CASE("sequential calls reuse one connection", "[llm][net]") {
    for (bool stream : {true, false}) {
        FakeProvider fake;
        auto provider = provider_for(fake, stream);
        for (int i = 0; i < 10; ++i) {
            REQUIRE(call(*provider));
        }
        INFO("stream " << stream);
        CHECK(fake.requests().size() == 10);
        CHECK(fake.connection_count() == 1);
    }
}

TEST_CASE("many threads can call one provider at once", "[llm][net]") {
    FakeProvider fake;
    auto provider = provider_for(fake);
    constexpr int kThreads = 8;
    constexpr int kCallsEach = 5;
    std::atomic<int> succeeded{0};
    {
        std::vector<std::jthread> workers;
        for (int t = 0; t < kThreads; ++t) {
            workers.emplace_back([&] {
                for (int i = 0; i < kCallsEach; ++i) {
                    std::string deltas;
                    const auto response = call(*provider, &deltas);
                    if (response && response->content == FakeReply{}.content && deltas == response->content) {
                        ++succeeded;
                    }
                }
            });
        }
    }
    CHECK(succeeded == kThreads * kCallsEach);
    CHECK(fake.requests().size() == kThreads * kCallsEach);
    CHECK(fake.connection_count() <= kThreads);
}

TEST_CASE("the API key never appears in logs, errors or responses", "[llm][net]") {
    std::ostringstream log;
    auto capture = std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log));
    capture->set_level(spdlog::level::trace);
    const auto previous = spdlog::default_logger();
    spdlog::set_default_logger(capture);

    std::string outputs;
    {
        FakeOptions options;
        options.api_key = "a-different-key";
        FakeProvider refusing(options);
        for (bool stream : {true, false}) {
            auto provider = provider_for(refusing, stream);
            const auto response = call(*provider);
            REQUIRE_FALSE(response);
            CHECK(response.error().kind == ErrorKind::auth);
            CHECK(response.error().message.find(kKeyEnv) != std::string::npos);
            outputs += response.error().message + provider->label();
        }
        CHECK(refusing.requests().at(0).headers.at("authorization") == std::string("Bearer ") + kKey);
    }
    {
        FakeProvider fake;
        auto provider = provider_for(fake);
        const auto response = call(*provider);
        REQUIRE(response);
        const nlohmann::json as_json{{"content", response->content}, {"model", response->model}};
        outputs += as_json.dump();
    }
    spdlog::set_default_logger(previous);
    outputs += log.str();
    CHECK(log.str().find("HTTP 401") != std::string::npos); // the failures were logged, so the check means something
    CHECK(outputs.find(kKey) == std::string::npos);
    CHECK(outputs.find("0123456789abcdef") == std::string::npos);
}
