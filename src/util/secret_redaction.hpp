#pragma once
// The one module that removes secrets from text: a known key's value (from a server's answer, before the text is cut
// short, stored or shown: a key cut in half by a truncation would no longer be found), and secrets recognised by
// their shape (API keys of the known formats, Authorization values, private key blocks, passwords in URLs and
// `NAME_KEY=value` assignments) in text read from a user's files before it is sent to a model.

#include <string>
#include <string_view>
#include <vector>

namespace parley::util {

/// What a removed key leaves behind.
inline constexpr std::string_view kRedactedMarker = "[redacted]";

/// `text` with every occurrence of `secret` replaced by kRedactedMarker, and a tail holding the first eight or
/// more characters of `secret` (a copy someone else cut short) replaced too. An empty secret changes nothing.
std::string redact_secret(std::string_view text, std::string_view secret);

/// The shortest known value redact_secrets removes: a shorter one would blank ordinary words out of every file.
inline constexpr std::size_t kShortestKnownSecret = 6;

/// What redact_secrets removed, by kind, for the run's report ("2 API keys, 1 private key block").
struct RedactionCount {
    int api_keys = 0;      ///< tokens of a known key shape (sk-..., ghp_..., AKIA..., AIza..., xox.-..., JWTs)
    int authorization = 0; ///< the values of Authorization headers
    int private_keys = 0;  ///< -----BEGIN ... PRIVATE KEY----- blocks
    int assignments = 0;   ///< values assigned to a name that says key, secret, token or password; URL passwords
    int known_values = 0;  ///< the configured keys' values

    /// Every removal.
    int total() const { return api_keys + authorization + private_keys + assignments + known_values; }
};

/// `text` with every secret parley recognises replaced by kRedactedMarker: each of `known_values` (those at least
/// kShortestKnownSecret long), then every secret of a known shape. Linear in the text; adds to `count` when given.
std::string redact_secrets(std::string_view text, const std::vector<std::string>& known_values,
                           RedactionCount* count = nullptr);

/// Removes a secret from text that arrives in pieces (a streamed answer), even one split across pieces: only a
/// tail that could be the start of the secret is held back until the next piece.
class StreamRedactor {
public:
    /// Redacts `secret`; an empty one passes every piece through whole.
    explicit StreamRedactor(std::string secret) : secret_(std::move(secret)) {}

    /// The text that can be passed on now that `piece` arrived (possibly empty).
    std::string push(std::string_view piece);

    /// What was held back, redacted, once the stream has ended.
    std::string finish();

private:
    std::string secret_;
    std::string pending_;
};

} // namespace parley::util
