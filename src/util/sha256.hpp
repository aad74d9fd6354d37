#pragma once
// SHA-256 digests in lower-case hex, for idempotency keys and fingerprints (and in base64, for a page's CSP).

#include <memory>
#include <string>
#include <string_view>

namespace parley::util {

/// An incremental SHA-256 (FIPS 180-4): feed bytes with update(), then read the digest once.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    /// Adds `bytes` to the message.
    void update(std::string_view bytes);

    /// The digest of everything fed so far, as 64 lower-case hex digits; the hasher is spent afterwards.
    std::string hex_digest();

private:
    struct State;
    std::unique_ptr<State> state_;
};

/// The SHA-256 of `bytes` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

/// The SHA-256 of `bytes` in base64, as a Content-Security-Policy hash source ('sha256-...') names an inline script.
std::string sha256_base64(std::string_view bytes);

} // namespace parley::util
