#include "llm/secret_redaction.hpp"

#include <algorithm>

namespace parley::llm {

namespace {

// A cut-off copy shorter than this is too likely to be ordinary text ("sk-" starts many words' worth of ids).
constexpr std::size_t kShortestCutKey = 8;

void replace_all(std::string& text, std::string_view secret) {
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + kRedactedMarker.size())) {
        text.replace(at, secret.size(), kRedactedMarker);
    }
}

// The length of the longest tail of `text` that is a proper start of `secret`.
std::size_t secret_start_at_end(std::string_view text, std::string_view secret) {
    for (std::size_t n = std::min(text.size(), secret.size() - 1); n > 0; --n) {
        if (text.substr(text.size() - n) == secret.substr(0, n)) {
            return n;
        }
    }
    return 0;
}

} // namespace

std::string redact_secret(std::string_view text, std::string_view secret) {
    std::string out(text);
    if (secret.empty()) {
        return out;
    }
    replace_all(out, secret);
    const std::size_t cut = secret_start_at_end(out, secret);
    if (cut >= std::min(kShortestCutKey, secret.size())) {
        out.replace(out.size() - cut, cut, kRedactedMarker);
    }
    return out;
}

std::string StreamRedactor::push(std::string_view piece) {
    if (secret_.empty()) {
        return std::string(piece);
    }
    pending_.append(piece);
    replace_all(pending_, secret_);
    const std::size_t keep = secret_start_at_end(pending_, secret_);
    std::string ready = pending_.substr(0, pending_.size() - keep);
    pending_.erase(0, pending_.size() - keep);
    return ready;
}

std::string StreamRedactor::finish() {
    std::string rest = redact_secret(pending_, secret_);
    pending_.clear();
    return rest;
}

} // namespace parley::llm
