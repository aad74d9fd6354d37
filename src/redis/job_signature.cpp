#include "redis/job_signature.hpp"

#include <array>
#include <cstdlib>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace parley::sweep {

namespace {

void append_field(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += ';';
}

} // namespace

Result<std::string> signing_key(const util::Env& env) {
    const auto key = env.get(kSigningKeyEnv);
    if (!key) {
        return fail(ErrorKind::config, "set " + std::string(kSigningKeyEnv) +
                                           " (in the environment or .env) to the same secret on every machine of the "
                                           "sweep: jobs in Redis are signed with it (make one with `openssl rand "
                                           "-hex 32`)");
    }
    if (key->size() < kMinSigningKeyBytes) {
        return fail(ErrorKind::config, std::string(kSigningKeyEnv) + " is shorter than " +
                                           std::to_string(kMinSigningKeyBytes) +
                                           " characters, too short to sign jobs with (make one with `openssl rand "
                                           "-hex 32`)");
    }
    return *key;
}

std::string sign_job(std::string_view key, const SignedFields& fields) {
    std::string message = "parley-job;";
    append_field(message, fields.format);
    append_field(message, fields.sweep_id);
    append_field(message, fields.job_id);
    append_field(message, fields.payload);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    // Failing here means no memory or a broken libcrypto: a dead machine, not a user error.
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
             &length) == nullptr) {
        std::abort();
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0x0f]);
    }
    return hex;
}

bool signature_matches(std::string_view key, const SignedFields& fields, std::string_view signature) {
    const auto expected = sign_job(key, fields);
    return signature.size() == expected.size() &&
           CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0;
}

} // namespace parley::sweep
