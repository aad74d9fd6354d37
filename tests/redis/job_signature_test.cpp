// The HMAC that authenticates a job entry in Redis: the same fields and key give the same signature, any change to
// a field, the key or the framing does not, and the key comes only from the environment, long enough to matter.

#include <catch2/catch.hpp>

#include "redis/job_signature.hpp"

using parley::sweep::sign_job;
using parley::sweep::signature_matches;
using parley::sweep::SignedFields;

namespace {

const std::string kKey = "0123456789abcdef-key";

} // namespace

TEST_CASE("a job's signature is the HMAC-SHA256 of its length-prefixed fields", "[redis][signature]") {
    // Pinned against Python's hmac.new(key, b"parley-job;1:1;15:sw-0123456789ab;3:j-1;2:{};", sha256).
    CHECK(sign_job(kKey, {"1", "sw-0123456789ab", "j-1", "{}"}) ==
          "95b9cc8ab2bfc166e30c1eb0fd7d56c5a1b5b68e727561d4ece5617b7d6dedd3");
}

TEST_CASE("a signature matches only the same key and the same fields", "[redis][signature]") {
    const SignedFields fields{"1", "sw-0123456789ab", "j-1", R"({"id": "j-1"})"};
    const auto signature = sign_job(kKey, fields);
    CHECK(signature_matches(kKey, fields, signature));
    CHECK_FALSE(signature_matches("another-key-of-20-chars", fields, signature));
    CHECK_FALSE(signature_matches(kKey, {"1", "sw-0123456789ac", "j-1", fields.payload}, signature));
    CHECK_FALSE(signature_matches(kKey, {"1", fields.sweep_id, "j-2", fields.payload}, signature));
    CHECK_FALSE(signature_matches(kKey, {"2", fields.sweep_id, "j-1", fields.payload}, signature));
    CHECK_FALSE(signature_matches(kKey, {"1", fields.sweep_id, "j-1", R"({"id": "j-2"})"}, signature));
    // Moving bytes from one field into the next changes the signature: the fields are framed, not concatenated.
    CHECK(sign_job(kKey, {"1", "sw-a", "bc", "{}"}) != sign_job(kKey, {"1", "sw-ab", "c", "{}"}));
    CHECK_FALSE(signature_matches(kKey, fields, ""));
    CHECK_FALSE(signature_matches(kKey, fields, signature.substr(0, 63)));
    CHECK_FALSE(signature_matches(kKey, fields, signature + "0"));
}

TEST_CASE("the signing key comes from the environment and must be long enough", "[redis][signature]") {
    auto missing = parley::sweep::signing_key(parley::util::Env::from_values({}));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == parley::ErrorKind::config);
    CHECK(missing.error().message.find("PARLEY_SWEEP_SIGNING_KEY") != std::string::npos);

    auto short_key =
        parley::sweep::signing_key(parley::util::Env::from_values({{"PARLEY_SWEEP_SIGNING_KEY", "abc123"}}));
    REQUIRE_FALSE(short_key);
    CHECK(short_key.error().message.find("shorter than 16") != std::string::npos);
    CHECK(short_key.error().message.find("abc123") == std::string::npos);

    auto key = parley::sweep::signing_key(parley::util::Env::from_values({{"PARLEY_SWEEP_SIGNING_KEY", kKey}}));
    REQUIRE(key);
    CHECK(*key == kKey);
}
