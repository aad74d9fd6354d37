#pragma once
// Removing an API key from text a server sent back (errors and answers alike), before the text is cut short,
// stored or shown: a key cut in half by a truncation would no longer be found.

#include <string>
#include <string_view>

namespace parley::llm {

/// What a removed key leaves behind.
inline constexpr std::string_view kRedactedMarker = "[redacted]";

/// `text` with every occurrence of `secret` replaced by kRedactedMarker, and a tail holding the first eight or
/// more characters of `secret` (a copy someone else cut short) replaced too. An empty secret changes nothing.
std::string redact_secret(std::string_view text, std::string_view secret);

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

} // namespace parley::llm
