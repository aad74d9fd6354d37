// Asking for structure where the server can give it: the request body's response_format, the fallback for a
// server that refuses it, and the one-token chat check of an endpoint, against the loopback fake provider.

#include <catch2/catch.hpp>

#include <chrono>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "llm/answer_schema.hpp"
#include "llm/openai_json.hpp"
#include "run/preflight.hpp"
#include "run/provider_factory.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using parley::llm::AnswerKind;
using parley::llm::ChatRequest;
using parley::llm::Provider;
using parley::llm::ProviderSpec;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::FakeReply;
using parley::testing::RecordedRequest;

namespace {

std::shared_ptr<Provider> provider_for(const FakeProvider& fake) {
    ProviderSpec spec;
    spec.kind = "openai-compatible";
    spec.base_url = fake.base_url();
    spec.stream = false;
    auto provider = parley::llm::make_provider(spec, parley::util::Env::from_values({}));
    REQUIRE(provider);
    return *provider;
}

ChatRequest asking(AnswerKind kind) {
    ChatRequest r;
    r.model = "fake-model-1";
    r.messages = {{"system", "Be brief."}, {"user", "Compare them."}};
    parley::llm::ask_structured(r, kind);
    return r;
}

bool has_response_format(const RecordedRequest& r) {
    return json::parse(r.body).contains("response_format");
}

// A server of the kind older builds are: any request with response_format is a 400.
FakeOptions refusing_response_format() {
    FakeOptions options;
    options.responder = [](const RecordedRequest& r, std::size_t) {
        return has_response_format(r)
                   ? FakeReply::http_error(400, "Unrecognized request argument supplied: response_format")
                   : FakeReply::answer("{\"comparison\": {\"overall\": {\"winner\": \"A\"}}}");
    };
    return options;
}

} // namespace

TEST_CASE("a structured request carries response_format with its schema's name and schema", "[llm][structured]") {
    for (const auto kind : {AnswerKind::judge_synthesis, AnswerKind::evaluator_scores, AnswerKind::comparison,
                            AnswerKind::review_concern}) {
        const auto body = json::parse(parley::llm::build_request_body(asking(kind), false));
        const auto& format = body.at("response_format");
        CHECK(format["type"] == "json_schema");
        CHECK(format["json_schema"]["name"] == parley::llm::schema_for(kind).name);
        CHECK(format["json_schema"]["strict"] == false);
        CHECK(format["json_schema"]["schema"] == parley::llm::schema_for(kind).schema);
    }
    ChatRequest free_text = asking(AnswerKind::comparison);
    free_text.response_schema.reset();
    CHECK_FALSE(json::parse(parley::llm::build_request_body(free_text, true)).contains("response_format"));
}

TEST_CASE("extraParams may replace or remove the response_format parley asks", "[llm][structured]") {
    auto request = asking(AnswerKind::comparison);
    request.extra = {{"response_format", nullptr}};
    CHECK_FALSE(json::parse(parley::llm::build_request_body(request, false)).contains("response_format"));
    request.extra = {{"response_format", {{"type", "json_object"}}}};
    CHECK(json::parse(parley::llm::build_request_body(request, false))["response_format"]["type"] == "json_object");
}

TEST_CASE("a server that refuses response_format is asked again without it, and not asked with it again",
          "[llm][structured][net]") {
    FakeProvider fake(refusing_response_format());
    auto provider = provider_for(fake);
    const auto first = provider->complete(asking(AnswerKind::comparison), {}, nullptr);
    REQUIRE(first);
    CHECK_THAT(first->content, Catch::Contains("winner"));
    auto sent = fake.requests();
    REQUIRE(sent.size() == 2);
    CHECK(has_response_format(sent[0]));
    CHECK_FALSE(has_response_format(sent[1]));

    // Remembered for the endpoint: the next structured call is sent once, without it.
    REQUIRE(provider->complete(asking(AnswerKind::evaluator_scores), {}, nullptr));
    sent = fake.requests();
    REQUIRE(sent.size() == 3);
    CHECK_FALSE(has_response_format(sent[2]));
}

TEST_CASE("a 400 that persists without response_format is the call's error, and nothing is remembered",
          "[llm][structured][net]") {
    FakeOptions options;
    options.default_reply = FakeReply::http_error(400, "context length exceeded");
    FakeProvider fake(options);
    auto provider = provider_for(fake);
    const auto answer = provider->complete(asking(AnswerKind::comparison), {}, nullptr);
    REQUIRE_FALSE(answer);
    CHECK(answer.error().http_status == 400);
    CHECK(fake.requests().size() == 2);
    REQUIRE_FALSE(provider->complete(asking(AnswerKind::comparison), {}, nullptr));
    // Still tried with the schema first: the refusal was not about it.
    REQUIRE(fake.requests().size() == 4);
    CHECK(has_response_format(fake.requests()[2]));
}

TEST_CASE("the chat check sends one call of one token to each model and passes on an answer", "[llm][preflight][net]") {
    FakeProvider fake;
    auto provider = provider_for(fake);
    const auto checked = parley::run::check_endpoints(std::vector<parley::run::CheckTarget>{
        {provider, "fake-model-1"}, {provider, "fake-model-1"}, {provider, "fake-model-2"}});
    REQUIRE(checked);
    const auto checks = fake.check_requests();
    REQUIRE(checks.size() == 2);
    for (const auto& c : checks) {
        CHECK(json::parse(c.body)["max_tokens"] == 1);
    }
    CHECK(fake.requests().empty());
}

TEST_CASE("the chat check fails on a 500 or a missing model, with the server's words, and not on a busy server",
          "[llm][preflight][net]") {
    const auto status = GENERATE(500, 404, 503, 429, 400);
    CAPTURE(status);
    FakeOptions options;
    options.default_reply = FakeReply::http_error(status, "model 'fake-model-9' exploded");
    FakeProvider fake(options);
    auto provider = provider_for(fake);
    const auto start = std::chrono::steady_clock::now();
    const auto checked =
        parley::run::check_endpoints(std::vector<parley::run::CheckTarget>{{provider, "fake-model-9"}});
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    if (status == 500 || status == 404) {
        REQUIRE_FALSE(checked);
        CHECK_THAT(checked.error().message, Catch::Contains("model 'fake-model-9' exploded"));
        CHECK_THAT(checked.error().message, Catch::Contains("--no-chat-check"));
        CHECK(parley::exit_code_for(checked.error().kind) == parley::exit_code::run_failed);
    } else {
        CHECK(checked);
    }
}

TEST_CASE("the chat check is skipped when turned off and has nothing to do offline", "[llm][preflight][net]") {
    FakeOptions options;
    options.default_reply = FakeReply::http_error(500, "broken");
    FakeProvider fake(options);
    parley::run::PreflightOptions off;
    off.chat = false;
    CHECK(parley::run::check_endpoints(std::vector<parley::run::CheckTarget>{{provider_for(fake), "m"}}, off));
    CHECK(fake.check_requests().empty());
    ProviderSpec offline;
    auto provider = parley::llm::make_provider(offline, parley::util::Env::from_values({}));
    REQUIRE(provider);
    const auto made = (*provider)->check_chat("any", 1000ms);
    REQUIRE(made);
    CHECK_FALSE(made->made);
}
