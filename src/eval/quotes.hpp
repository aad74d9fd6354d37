#pragma once
// Checks an evaluator's quotes against the document it judged: verbatim once runs of whitespace are made one
// space, so line wrapping and indentation do not matter but words do.

#include <string>
#include <string_view>
#include <vector>

namespace parley::eval {

/// Whether a score's evidence holds up.
enum class EvidenceStatus {
    supported,   ///< every quote is in the document
    unsupported, ///< at least one quote is not in the document: left out of averages unless --keep-unsupported
    unquoted,    ///< no quote was given (dialectic's prompts ask for none): kept, and counted
};

/// "supported", "unsupported" or "unquoted".
const char* to_string(EvidenceStatus status);

/// `text` with every run of whitespace made one space, and leading and trailing whitespace removed.
std::string normalise_whitespace(std::string_view text);

/// A document prepared for quote look-ups.
class QuoteChecker {
public:
    /// Prepares `document` (normalised once, so each look-up is one search).
    explicit QuoteChecker(std::string_view document);

    /// True when `quote`, whitespace-normalised and without surrounding quotation marks, is in the document.
    bool contains(std::string_view quote) const;

    /// The status of a score given with these quotes; empty quotes are skipped.
    EvidenceStatus check(const std::vector<std::string>& quotes) const;

private:
    std::string document_;
};

} // namespace parley::eval
