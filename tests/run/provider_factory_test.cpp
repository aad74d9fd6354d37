#include <catch2/catch.hpp>

#include "fake/fake_provider.hpp"
#include "run/provider_factory.hpp"

using parley::ErrorKind;
using parley::llm::make_provider;
using parley::llm::ProviderSpec;
using parley::testing::FakeProvider;
using parley::util::Env;

namespace {

ProviderSpec spec_of(const std::string& kind, const std::string& base_url = "") {
    ProviderSpec spec;
    spec.kind = kind;
    spec.base_url = base_url;
    return spec;
}

} // namespace

TEST_CASE("a missing key fails before any network call, naming the variable", "[llm][net]") {
    FakeProvider fake;
    auto spec = spec_of("openai", fake.base_url());
    spec.api_key_env = "PARLEY_UNSET_KEY";
    const auto provider = make_provider(spec, Env::from_values({}));
    REQUIRE_FALSE(provider);
    CHECK(provider.error().kind == ErrorKind::config);
    CHECK(provider.error().message.find("PARLEY_UNSET_KEY") != std::string::npos);
    CHECK(fake.requests().empty());
}

TEST_CASE("openai and openrouter default to their own key variables", "[llm]") {
    const auto openai = make_provider(spec_of("openai"), Env::from_values({}));
    REQUIRE_FALSE(openai);
    CHECK(openai.error().message.find("OPENAI_API_KEY") != std::string::npos);
    const auto openrouter = make_provider(spec_of("openrouter"), Env::from_values({}));
    REQUIRE_FALSE(openrouter);
    CHECK(openrouter.error().message.find("OPENROUTER_API_KEY") != std::string::npos);
    const auto with_key = make_provider(spec_of("openrouter"), Env::from_values({{"OPENROUTER_API_KEY", "k"}}));
    REQUIRE(with_key);
    CHECK((*with_key)->label() == "openrouter (https://openrouter.ai/api/v1)");
}

TEST_CASE("local servers need no key and have default base URLs", "[llm]") {
    const std::pair<const char*, const char*> kinds[] = {{"ollama", "http://127.0.0.1:11434/v1"},
                                                         {"vllm", "http://127.0.0.1:8000/v1"},
                                                         {"llamacpp", "http://127.0.0.1:8080/v1"}};
    for (const auto& [kind, url] : kinds) {
        const auto provider = make_provider(spec_of(kind), Env::from_values({}));
        REQUIRE(provider);
        CHECK((*provider)->label() == std::string(kind) + " (" + url + ")");
        CHECK_FALSE((*provider)->is_offline());
    }
    const auto custom = make_provider(spec_of("custom", "http://10.0.0.5:9000/v1/"), Env::from_values({}));
    REQUIRE(custom);
    CHECK((*custom)->label() == "custom (http://10.0.0.5:9000/v1)");
}

TEST_CASE("credentials in a baseUrl never reach the label", "[llm]") {
    const auto provider = make_provider(spec_of("custom", "https://user:s3cret@gw.example/v1"), Env::from_values({}));
    REQUIRE(provider);
    CHECK((*provider)->label() == "custom (https://gw.example/v1)");
}

TEST_CASE("a named key variable is required even for a local server", "[llm]") {
    auto spec = spec_of("ollama");
    spec.api_key_env = "OLLAMA_GATEWAY_KEY";
    const auto provider = make_provider(spec, Env::from_values({}));
    REQUIRE_FALSE(provider);
    CHECK(provider.error().kind == ErrorKind::config);
    CHECK(provider.error().message.find("OLLAMA_GATEWAY_KEY") != std::string::npos);
}

TEST_CASE("config mistakes in a provider spec are config errors", "[llm]") {
    const auto no_url = make_provider(spec_of("openai-compatible"), Env::from_values({}));
    REQUIRE_FALSE(no_url);
    CHECK(no_url.error().kind == ErrorKind::config);
    CHECK(no_url.error().message.find("baseUrl") != std::string::npos);
    auto spec = spec_of("vllm");
    spec.ca_bundle = "/nonexistent/ca.pem";
    const auto bad_ca = make_provider(spec, Env::from_values({}));
    REQUIRE_FALSE(bad_ca);
    CHECK(bad_ca.error().message.find("/nonexistent/ca.pem") != std::string::npos);
    const auto unknown = make_provider(spec_of("carrier-pigeon"), Env::from_values({}));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().kind == ErrorKind::config);
}

TEST_CASE("OPENAI_BASE_URL and OPENROUTER_BASE_URL are the default base URLs; a config baseUrl wins", "[llm]") {
    const Env env = Env::from_values({{"OPENAI_API_KEY", "sk-test"},
                                      {"OPENROUTER_API_KEY", "sk-or-test"},
                                      {"OPENAI_BASE_URL", "http://127.0.0.1:9/openai"},
                                      {"OPENROUTER_BASE_URL", "http://127.0.0.1:9/router"}});
    const auto openai = make_provider(spec_of("openai"), env);
    REQUIRE(openai);
    CHECK((*openai)->label() == "openai (http://127.0.0.1:9/openai)");
    const auto openrouter = make_provider(spec_of("openrouter"), env);
    REQUIRE(openrouter);
    CHECK((*openrouter)->label() == "openrouter (http://127.0.0.1:9/router)");
    const auto configured = make_provider(spec_of("openai", "http://127.0.0.1:9/config"), env);
    REQUIRE(configured);
    CHECK((*configured)->label() == "openai (http://127.0.0.1:9/config)");
    const auto without = make_provider(spec_of("openai"), Env::from_values({{"OPENAI_API_KEY", "sk-test"}}));
    REQUIRE(without);
    CHECK((*without)->label() == "openai (https://api.openai.com/v1)");
}
