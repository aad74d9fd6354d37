// The endpoints a worker lets other people's configs call: each allowed base URL goes with the one key variable it
// may receive, so a job cannot send an allowed key to its own server, nor another key to an allowed server.

#include <catch2/catch.hpp>

#include "run/endpoint_allowlist.hpp"

using parley::llm::ProviderSpec;
using parley::run::EndpointAllowlist;
using parley::util::Env;

namespace {

ProviderSpec spec(const std::string& kind, const std::string& base_url, const std::string& key_env) {
    ProviderSpec s;
    s.kind = kind;
    s.base_url = base_url;
    s.api_key_env = key_env;
    return s;
}

} // namespace

TEST_CASE("an allowlist lets through only its endpoints, each with its own key variable", "[llm][allowlist]") {
    const auto env = Env::from_values({});
    EndpointAllowlist allow;
    REQUIRE(allow.allow_all({spec("openai", "", ""), spec("openai-compatible", "http://127.0.0.1:8000/v1/", "")}, env));

    CHECK_FALSE(allow.refusal(spec("openai", "", ""), env));
    CHECK_FALSE(allow.refusal(spec("openai", "https://API.OpenAI.com/v1/", "OPENAI_API_KEY"), env));
    CHECK_FALSE(allow.refusal(spec("vllm", "http://127.0.0.1:8000/v1", ""), env));
    CHECK_FALSE(allow.refusal(spec("offline", "http://attacker.example/v1", "MY_DB_PASSWORD"), env));

    // The attack: an allowed key sent to another server, another key sent to an allowed server.
    const auto elsewhere =
        allow.refusal(spec("openai-compatible", "http://attacker.example/v1", "OPENAI_API_KEY"), env);
    REQUIRE(elsewhere);
    CHECK(elsewhere->find("http://attacker.example/v1 (key OPENAI_API_KEY)") != std::string::npos);
    CHECK(elsewhere->find("does not allow") != std::string::npos);
    const auto other_key = allow.refusal(spec("openai", "", "MY_DB_PASSWORD"), env);
    REQUIRE(other_key);
    CHECK(other_key->find("MY_DB_PASSWORD") != std::string::npos);
    CHECK(allow.refusal(spec("openai-compatible", "http://127.0.0.1:8000/v1", "OPENAI_API_KEY"), env));
    // The path is not case-insensitive: /V1 is another endpoint.
    CHECK(allow.refusal(spec("openai-compatible", "http://127.0.0.1:8000/V1", ""), env));
}

TEST_CASE("an empty allowlist allows only the offline provider", "[llm][allowlist]") {
    const auto env = Env::from_values({{"OPENAI_API_KEY", "sk-not-shown-1234"}});
    EndpointAllowlist allow;
    CHECK_FALSE(allow.refusal(spec("offline", "", ""), env));
    const auto refused = allow.refusal(spec("openai", "", ""), env);
    REQUIRE(refused);
    CHECK(refused->find("sk-not-shown-1234") == std::string::npos);
    CHECK(allow.describe() == "only the offline provider");
}

TEST_CASE("an endpoint resolves as the worker's own environment resolves it", "[llm][allowlist]") {
    // OPENAI_BASE_URL on the worker moves where kind openai goes; the allowlist follows the same resolution.
    const auto env = Env::from_values({{"OPENAI_BASE_URL", "http://127.0.0.1:4000/v1"}});
    EndpointAllowlist allow;
    allow.allow({"http://127.0.0.1:4000/v1", "OPENAI_API_KEY"});
    CHECK_FALSE(allow.refusal(spec("openai", "", ""), env));
    CHECK(allow.refusal(spec("openai", "", ""), Env::from_values({})));
}

TEST_CASE("allowlist entries read URL or URL=KEY_VARIABLE", "[llm][allowlist]") {
    auto bare = EndpointAllowlist::parse_entry("http://127.0.0.1:11434/v1");
    REQUIRE(bare);
    CHECK(bare->base_url == "http://127.0.0.1:11434/v1");
    CHECK(bare->key_env.empty());
    auto keyed = EndpointAllowlist::parse_entry("https://api.openai.com/v1=OPENAI_API_KEY");
    REQUIRE(keyed);
    CHECK(keyed->base_url == "https://api.openai.com/v1");
    CHECK(keyed->key_env == "OPENAI_API_KEY");
    CHECK_FALSE(EndpointAllowlist::parse_entry("api.openai.com/v1"));
    CHECK_FALSE(EndpointAllowlist::parse_entry("file:///etc/passwd"));
    CHECK_FALSE(EndpointAllowlist::parse_entry("https://api.openai.com/v1=not a name"));
    CHECK_FALSE(EndpointAllowlist::parse_entry("https://api.openai.com/v1="));
}
