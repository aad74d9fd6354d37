#include <catch2/catch.hpp>

#include "util/secret_redaction.hpp"

using parley::util::redact_secrets;
using parley::util::RedactionCount;

namespace {

// The secret must be gone and the text around it kept.
void require_removed(const std::string& text, const std::string& secret, int RedactionCount::*kind) {
    RedactionCount count;
    const std::string out = redact_secrets("before " + text + " after", {}, &count);
    INFO(out);
    REQUIRE(out.find(secret) == std::string::npos);
    REQUIRE(out.find("[redacted]") != std::string::npos);
    REQUIRE(out.rfind("before ", 0) == 0);
    REQUIRE(count.*kind >= 1);
}

} // namespace

TEST_CASE("every known API key shape is redacted", "[util][secrets]") {
    const std::vector<std::string> keys{
        "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345",
        "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWx",
        "sk-or-v1-0123456789abcdef0123456789abcdef",
        "sk_live_0123456789abcdefABCD",
        "rk_test_0123456789abcdefABCD",
        "ghp_0123456789abcdefghijABCDEFGHIJ012345",
        "github_pat_11ABCDEFG0123456789_abcdefghijkl",
        "glpat-0123456789abcdefghij",
        "xoxb-1234567890-abcdefghij",
        "AKIAIOSFODNN7EXAMPLE",
        "AIzaSyA0123456789abcdefghijklmnopqrstu",
        "hf_0123456789abcdefghijABCDEFGHIJ01",
        "npm_0123456789abcdefghijABCDEFGHIJ01",
        "pypi-AgEIcHlwaS5vcmcCJDAxMjM0NTY3LWFiY2QtZWZnaA",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    };
    for (const auto& key : keys) {
        require_removed(key, key, &RedactionCount::api_keys);
    }
}

TEST_CASE("words that only start like a key are kept", "[util][secrets]") {
    const std::string text = "task-queue sk-short AKIA1234 eyJ.x.y risk-based ghp_short hf_x";
    REQUIRE(redact_secrets(text, {}) == text);
}

TEST_CASE("authorization values are redacted in header, JSON and curl shapes", "[util][secrets]") {
    require_removed("Authorization: Bearer abc.def-ghi", "abc.def-ghi", &RedactionCount::authorization);
    require_removed("\"Authorization\": \"Basic dXNlcjpwYXNz\"", "dXNlcjpwYXNz", &RedactionCount::authorization);
    require_removed("curl -H 'authorization: Token 12345678'", "12345678", &RedactionCount::authorization);
}

TEST_CASE("a private key block is redacted whole, even without its end line", "[util][secrets]") {
    const std::string block =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabcdef\n-----END RSA PRIVATE KEY-----";
    require_removed(block, "MIIEowIBAAKCAQEA", &RedactionCount::private_keys);
    const std::string cut = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA";
    REQUIRE(redact_secrets(cut, {}).find("b3BlbnNz") == std::string::npos);
    const std::string certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    REQUIRE(redact_secrets(certificate, {}) == certificate);
}

TEST_CASE("values assigned to secret names and URL passwords are redacted", "[util][secrets]") {
    require_removed("DB_PASSWORD=hunter2hunter2", "hunter2hunter2", &RedactionCount::assignments);
    require_removed("api_key: \"abcdefgh12345678\"", "abcdefgh12345678", &RedactionCount::assignments);
    require_removed("clientSecret = s3cr3tValue", "s3cr3tValue", &RedactionCount::assignments);
    require_removed("postgres://app:pa55word@db:5432/jobs", "pa55word", &RedactionCount::assignments);
    // Ordinary configuration keeps its values: a name that only mentions tokens, short values, prose.
    const std::string plain = "max_tokens: 1024\ntokens_per_minute = 90000\nThe key: it is in vault\n";
    REQUIRE(redact_secrets(plain, {}) == plain);
}

TEST_CASE("the configured keys' values are redacted wherever they appear", "[util][secrets]") {
    RedactionCount count;
    const std::string out = redact_secrets("x plainvalue42 y plainvalue42", {"plainvalue42", "abc"}, &count);
    REQUIRE(out == "x [redacted] y [redacted]");
    REQUIRE(count.known_values == 2);
    // A value too short to be a key would blank ordinary words: it is not used.
    REQUIRE(redact_secrets("abc", {"abc"}) == "abc");
}
