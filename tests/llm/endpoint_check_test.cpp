// The check before a run that a provider endpoint is there, and the one line that says what to do when it is not.

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>

#include <curl/curl.h>

#include "fake/fake_provider.hpp"
#include "llm/endpoint_check.hpp"
#include "run/provider_factory.hpp"
#include "support/dead_ends.hpp"
#include "support/sanitizers.hpp"

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using parley::ErrorKind;
using parley::RetryReason;
using parley::llm::make_provider;
using parley::llm::ProviderSpec;
using parley::llm::unreachable_message;
using parley::llm::UnreachableEndpoint;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::kSanitizerSlowdown;
using parley::testing::ResettingListener;
using parley::testing::unused_loopback_port;
using parley::util::Env;

namespace {

std::shared_ptr<parley::llm::Provider> provider_at(const std::string& kind, const std::string& base_url,
                                                   const std::string& key_env = "") {
    ProviderSpec spec;
    spec.kind = kind;
    spec.base_url = base_url;
    spec.api_key_env = key_env;
    auto provider = make_provider(spec, Env::from_values({{"PARLEY_CHECK_KEY", "sk-wrong"}}));
    REQUIRE(provider);
    return *provider;
}

std::string loopback(int port) {
    return "http://127.0.0.1:" + std::to_string(port) + "/v1";
}

// Generous, and scaled for sanitizer builds: a refused connection takes milliseconds.
const auto kFailFastBound = std::chrono::duration<double>(5.0 * kSanitizerSlowdown);

} // namespace

TEST_CASE("a refused Ollama endpoint is told to start with ollama serve", "[llm]") {
    const auto message = unreachable_message(UnreachableEndpoint{"ollama (http://127.0.0.1:11434/v1)", "ollama",
                                                                 "http://127.0.0.1:11434/v1", CURLE_COULDNT_CONNECT,
                                                                 ECONNREFUSED, 1000, ""});
    CHECK(message == "ollama (http://127.0.0.1:11434/v1): connection refused at 127.0.0.1:11434; is Ollama running? "
                     "Start it with `ollama serve`, or check baseUrl");
}

TEST_CASE("an endpoint on Ollama's port is taken for Ollama whatever its kind", "[llm]") {
    const auto message = unreachable_message(UnreachableEndpoint{"openai-compatible (http://localhost:11434/v1)",
                                                                 "openai-compatible", "http://localhost:11434/v1",
                                                                 CURLE_COULDNT_CONNECT, ECONNREFUSED, 1000, ""});
    CHECK_THAT(message, Contains("is Ollama running?"));
    CHECK_THAT(message, Contains("localhost:11434"));
}

TEST_CASE("a host name that does not resolve is named, with where to look", "[llm]") {
    const auto message = unreachable_message(UnreachableEndpoint{"openai (https://api.example.invalid/v1)", "openai",
                                                                 "https://api.example.invalid/v1",
                                                                 CURLE_COULDNT_RESOLVE_HOST, 0, 1000, ""});
    CHECK(message == "openai (https://api.example.invalid/v1): cannot resolve the host name api.example.invalid; "
                     "check the host in baseUrl (and your DNS or VPN)");
}

TEST_CASE("a request through a proxy says which variable and how to go direct", "[llm]") {
    const auto through =
        unreachable_message(UnreachableEndpoint{"openai (https://gateway.corp/v1)", "openai", "https://gateway.corp/v1",
                                                CURLE_COULDNT_CONNECT, ECONNREFUSED, 1000, "HTTPS_PROXY"});
    CHECK_THAT(through, Contains("requests go through the proxy in HTTPS_PROXY (add gateway.corp to NO_PROXY"));
    const auto bad_proxy =
        unreachable_message(UnreachableEndpoint{"openai (https://gateway.corp/v1)", "openai", "https://gateway.corp/v1",
                                                CURLE_COULDNT_RESOLVE_PROXY, ECONNREFUSED, 1000, "HTTPS_PROXY"});
    CHECK_THAT(bad_proxy, Contains("cannot resolve the proxy host named in HTTPS_PROXY"));
}

TEST_CASE("a connect timeout names the address and the limit", "[llm]") {
    const auto message = unreachable_message(UnreachableEndpoint{
        "vllm (http://10.1.2.3:8000/v1)", "vllm", "http://10.1.2.3:8000/v1", CURLE_OPERATION_TIMEDOUT, 0, 1500, ""});
    CHECK_THAT(message, Contains("no connection to 10.1.2.3:8000 within 1500 ms"));
    CHECK_THAT(message, Contains("vllm serve"));
}

TEST_CASE("only failures that never reached the endpoint count as unreachable", "[llm]") {
    CHECK(parley::llm::is_unreachable(CURLE_COULDNT_CONNECT, false));
    CHECK_FALSE(parley::llm::is_unreachable(CURLE_COULDNT_CONNECT, true)); // reset as it connected
    CHECK(parley::llm::is_unreachable(CURLE_COULDNT_RESOLVE_HOST, false));
    CHECK(parley::llm::is_unreachable(CURLE_OPERATION_TIMEDOUT, false));
    CHECK_FALSE(parley::llm::is_unreachable(CURLE_OPERATION_TIMEDOUT, true));
    CHECK_FALSE(parley::llm::is_unreachable(CURLE_RECV_ERROR, true));
    CHECK_FALSE(parley::llm::is_unreachable(CURLE_GOT_NOTHING, true));
    CHECK(parley::llm::host_and_port("https://api.openai.com/v1") == "api.openai.com:443");
    CHECK(parley::llm::host_and_port("http://user:pw@[::1]:8080/v1") == "[::1]:8080");
}

TEST_CASE("the endpoint check fails fast on a port with nothing listening", "[llm][net]") {
    const int port = unused_loopback_port();
    auto provider = provider_at("ollama", loopback(port));
    const auto start = std::chrono::steady_clock::now();
    const auto checked = provider->check_endpoint(1500ms);
    CHECK(std::chrono::steady_clock::now() - start < kFailFastBound);
    REQUIRE_FALSE(checked);
    CHECK(checked.error().kind == ErrorKind::transient);
    CHECK(checked.error().retry_reason == RetryReason::unreachable);
    CHECK(checked.error().message == "ollama (" + loopback(port) +
                                         "): connection refused at 127.0.0.1:" + std::to_string(port) +
                                         "; is Ollama running? Start it with `ollama serve`, or check baseUrl");
}

TEST_CASE("the endpoint check passes a server that lists models, and one that has no /models", "[llm][net]") {
    FakeProvider listing;
    CHECK(provider_at("openai-compatible", listing.base_url())->check_endpoint(1500ms));
    FakeOptions options;
    options.serve_models = false;
    FakeProvider bare(options);
    CHECK(provider_at("openai-compatible", bare.base_url())->check_endpoint(1500ms));
    REQUIRE(bare.requests().empty()); // a GET /models is not a chat call
}

TEST_CASE("the endpoint check reports a rejected key as the auth error of a call", "[llm][net]") {
    FakeOptions options;
    options.api_key = "sk-right";
    FakeProvider fake(options);
    const auto checked = provider_at("openai-compatible", fake.base_url(), "PARLEY_CHECK_KEY")->check_endpoint(1500ms);
    REQUIRE_FALSE(checked);
    CHECK(checked.error().kind == ErrorKind::auth);
    CHECK_THAT(checked.error().message, Contains("PARLEY_CHECK_KEY"));
    CHECK_THAT(checked.error().message, !Contains("sk-wrong"));
}

TEST_CASE("a server that accepts and resets is reached: the check passes and a call's failure is a blip",
          "[llm][net]") {
    ResettingListener listener;
    auto provider = provider_at("openai-compatible", loopback(listener.port()));
    CHECK(provider->check_endpoint(1500ms));
    parley::llm::ChatRequest request;
    request.model = "m";
    request.messages = {{"user", "hi"}};
    const auto answer = provider->complete(request, std::stop_token(), {});
    REQUIRE_FALSE(answer);
    CHECK(answer.error().kind == ErrorKind::transient);
    CHECK(answer.error().retry_reason == RetryReason::connection);
    CHECK(listener.accepted() >= 2);
}

TEST_CASE("a call to a port with nothing listening is an unreachable failure with the same advice", "[llm][net]") {
    const int port = unused_loopback_port();
    auto provider = provider_at("llamacpp", loopback(port));
    parley::llm::ChatRequest request;
    request.model = "m";
    request.messages = {{"user", "hi"}};
    const auto answer = provider->complete(request, std::stop_token(), {});
    REQUIRE_FALSE(answer);
    CHECK(answer.error().kind == ErrorKind::transient);
    CHECK(answer.error().retry_reason == RetryReason::unreachable);
    CHECK_THAT(answer.error().message, StartsWith("llamacpp (" + loopback(port) + "): connection refused at"));
    CHECK_THAT(answer.error().message, Contains("llama-server"));
}
