#pragma once
// Jobs in Redis are signed: anyone who can write to Redis can add a stream entry, so a worker runs only entries
// whose HMAC-SHA256 it can check with a key it reads from its own environment, the same key `parley sweep` signed
// them with. The key never travels through Redis.

#include <cstddef>
#include <string>
#include <string_view>

#include "util/env.hpp"
#include "util/error.hpp"

namespace parley::sweep {

/// The environment variable (or .env line) holding the key jobs are signed with, on every machine of a sweep.
inline constexpr std::string_view kSigningKeyEnv = "PARLEY_SWEEP_SIGNING_KEY";

/// The shortest key accepted: below this a key can be guessed.
inline constexpr std::size_t kMinSigningKeyBytes = 16;

/// The signing key from `env`; ErrorKind::config when unset or shorter than kMinSigningKeyBytes (one line saying how
/// to make one, never the value).
[[nodiscard]] Result<std::string> signing_key(const util::Env& env);

/// What a job entry's signature covers: its layout version, sweep, job id and payload.
struct SignedFields {
    std::string_view format;
    std::string_view sweep_id;
    std::string_view job_id;
    std::string_view payload;
};

/// The HMAC-SHA256 of `fields` under `key`, as 64 lower-case hex digits. Each field is length-prefixed, so no two
/// different field lists sign the same bytes (a job id cannot borrow the start of its payload).
std::string sign_job(std::string_view key, const SignedFields& fields);

/// True when `signature` is sign_job(key, fields); compared in constant time.
bool signature_matches(std::string_view key, const SignedFields& fields, std::string_view signature);

} // namespace parley::sweep
