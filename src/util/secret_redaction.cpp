#include "util/secret_redaction.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace parley::util {

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

// A half-open byte range of the text to replace, and what it held.
struct Span {
    std::size_t begin;
    std::size_t end;
    int RedactionCount::*kind;
};

bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool is_token_char(char c) {
    return is_alnum(c) || c == '_' || c == '-';
}

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool starts_with_at(std::string_view text, std::size_t at, std::string_view prefix) {
    return text.substr(at, prefix.size()) == prefix;
}

bool iequals_at(std::string_view text, std::size_t at, std::string_view word) {
    if (text.size() - at < word.size()) {
        return false;
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (lower(text[at + i]) != word[i]) {
            return false;
        }
    }
    return true;
}

std::size_t run_of(std::string_view text, std::size_t at, bool (*accept)(char)) {
    std::size_t end = at;
    while (end < text.size() && accept(text[end])) {
        ++end;
    }
    return end;
}

bool upper_or_digit(char c) {
    return std::isupper(static_cast<unsigned char>(c)) != 0 || std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool base64url_char(char c) {
    return is_alnum(c) || c == '_' || c == '-';
}

/// A key format: its literal prefix, the characters of its body and the fewest of them that make it a key.
struct KeyShape {
    std::string_view prefix;
    bool (*body)(char);
    std::size_t min_body;
};

// Published formats of provider keys and tokens; a body shorter than the minimum is an ordinary word.
const std::array<KeyShape, 22> kKeyShapes{{
    {"sk-", is_token_char, 20},
    {"sk_live_", is_alnum, 16},
    {"sk_test_", is_alnum, 16},
    {"rk_live_", is_alnum, 16},
    {"rk_test_", is_alnum, 16},
    {"ghp_", is_alnum, 30},
    {"gho_", is_alnum, 30},
    {"ghu_", is_alnum, 30},
    {"ghs_", is_alnum, 30},
    {"ghr_", is_alnum, 30},
    {"github_pat_", is_token_char, 20},
    {"glpat-", is_token_char, 20},
    {"xoxb-", is_token_char, 10},
    {"xoxp-", is_token_char, 10},
    {"xoxa-", is_token_char, 10},
    {"xoxr-", is_token_char, 10},
    {"xoxs-", is_token_char, 10},
    {"AIza", base64url_char, 30},
    {"hf_", is_alnum, 30},
    {"npm_", is_alnum, 30},
    {"pypi-", is_token_char, 30},
    {"xapp-", is_token_char, 10},
}};

// The end of a key of a known shape starting at `at`, or 0.
std::size_t key_at(std::string_view text, std::size_t at) {
    for (const auto& shape : kKeyShapes) {
        if (starts_with_at(text, at, shape.prefix)) {
            const std::size_t end = run_of(text, at + shape.prefix.size(), shape.body);
            if (end - at - shape.prefix.size() >= shape.min_body) {
                return end;
            }
        }
    }
    if (starts_with_at(text, at, "AKIA") || starts_with_at(text, at, "ASIA")) {
        const std::size_t end = run_of(text, at + 4, upper_or_digit);
        if (end - at == 20) {
            return end;
        }
    }
    if (starts_with_at(text, at, "eyJ")) {
        // A JSON Web Token: three base64url parts joined by dots.
        std::size_t end = at;
        for (int part = 0; part < 3; ++part) {
            const std::size_t part_end = run_of(text, end, base64url_char);
            if (part_end - end < 10) {
                return 0;
            }
            end = part_end;
            if (part < 2) {
                if (end >= text.size() || text[end] != '.') {
                    return 0;
                }
                ++end;
            }
        }
        return end;
    }
    return 0;
}

std::size_t line_end(std::string_view text, std::size_t at) {
    const auto end = text.find('\n', at);
    return end == std::string_view::npos ? text.size() : end;
}

// -----BEGIN ... PRIVATE KEY----- through its END line; to the end of the text when the END line is missing.
std::size_t private_key_block_at(std::string_view text, std::size_t at) {
    if (!starts_with_at(text, at, "-----BEGIN ")) {
        return 0;
    }
    const std::size_t header_end = line_end(text, at);
    const std::string_view header = text.substr(at, header_end - at);
    if (header.find("PRIVATE KEY") == std::string_view::npos) {
        return 0;
    }
    const auto end_marker = text.find("-----END ", header_end);
    return end_marker == std::string_view::npos ? text.size() : line_end(text, end_marker);
}

bool value_char(char c) {
    return !std::isspace(static_cast<unsigned char>(c)) && c != '"' && c != '\'' && c != '`' && c != ',' && c != ';' &&
           c != ')' && c != '}' && c != ']' && c != '<' && c != '>';
}

// After a name at [.., name_end): optional closing quote, spaces, ':' or '=', spaces, an opening quote. Returns
// where the value starts, or npos when no assignment follows.
std::size_t assigned_value_at(std::string_view text, std::size_t name_end) {
    std::size_t i = name_end;
    if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
        ++i;
    }
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
        ++i;
    }
    if (i >= text.size() || (text[i] != ':' && text[i] != '=')) {
        return std::string_view::npos;
    }
    ++i;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '"' || text[i] == '\'')) {
        ++i;
    }
    return i;
}

bool name_char(char c) {
    return is_alnum(c) || c == '_' || c == '-' || c == '.';
}

// A name that says it holds a secret: it ends with one of these words (API_KEY, apiKey, client_secret, DB_PASSWORD).
bool secret_name(std::string_view name) {
    static constexpr std::array<std::string_view, 7> kEndings{"key",    "secret",      "token", "password",
                                                              "passwd", "credentials", "apikey"};
    for (const auto ending : kEndings) {
        if (name.size() >= ending.size() && iequals_at(name, name.size() - ending.size(), ending)) {
            return true;
        }
    }
    return false;
}

// The value of an Authorization header, in any of the shapes text shows one: `Authorization: Bearer x`,
// `"Authorization": "Bearer x"`, `authorization=Basic x`. The value runs to the line's end or the closing quote.
std::optional<Span> authorization_at(std::string_view text, std::size_t at) {
    if (!iequals_at(text, at, "authorization")) {
        return std::nullopt;
    }
    const std::size_t value = assigned_value_at(text, at + 13);
    if (value == std::string_view::npos || value >= text.size()) {
        return std::nullopt;
    }
    std::size_t end = line_end(text, value);
    const auto quote = text.substr(value, end - value).find_first_of("\"'");
    if (quote != std::string_view::npos) {
        end = value + quote;
    }
    if (end == value) {
        return std::nullopt;
    }
    return Span{value, end, &RedactionCount::authorization};
}

// A password in a URL: scheme://user:PASSWORD@host.
std::optional<Span> url_password_at(std::string_view text, std::size_t at) {
    if (!starts_with_at(text, at, "://")) {
        return std::nullopt;
    }
    const std::size_t start = at + 3;
    const std::size_t stop = std::min(text.find_first_of("/ \t\n\"'", start), text.size());
    const auto sign = text.substr(start, stop - start).rfind('@');
    if (sign == std::string_view::npos) {
        return std::nullopt;
    }
    const auto colon = text.substr(start, sign).find(':');
    if (colon == std::string_view::npos || colon + 1 == sign) {
        return std::nullopt;
    }
    return Span{start + colon + 1, start + sign, &RedactionCount::assignments};
}

std::vector<Span> secret_spans(std::string_view text) {
    std::vector<Span> spans;
    std::size_t i = 0;
    while (i < text.size()) {
        const bool word_start = i == 0 || !is_token_char(text[i - 1]);
        if (const std::size_t end = private_key_block_at(text, i); end > i) {
            spans.push_back({i, end, &RedactionCount::private_keys});
            i = end;
            continue;
        }
        if (word_start) {
            if (const std::size_t end = key_at(text, i); end > i) {
                spans.push_back({i, end, &RedactionCount::api_keys});
                i = end;
                continue;
            }
            if (auto header = authorization_at(text, i)) {
                spans.push_back(*header);
                i = header->end;
                continue;
            }
            if (name_char(text[i]) && (i == 0 || !name_char(text[i - 1]))) {
                const std::size_t name_end = run_of(text, i, name_char);
                const std::size_t value = assigned_value_at(text, name_end);
                if (value != std::string_view::npos && secret_name(text.substr(i, name_end - i))) {
                    const std::size_t end = run_of(text, value, value_char);
                    if (end - value >= 8 && text.substr(value, end - value) != kRedactedMarker) {
                        spans.push_back({value, end, &RedactionCount::assignments});
                        i = end;
                        continue;
                    }
                }
            }
        }
        if (auto password = url_password_at(text, i)) {
            spans.push_back(*password);
            i = password->end;
            continue;
        }
        ++i;
    }
    return spans;
}

} // namespace

std::string redact_secrets(std::string_view text, const std::vector<std::string>& known_values, RedactionCount* count) {
    RedactionCount local;
    RedactionCount& counted = count ? *count : local;
    std::string known(text);
    for (const auto& value : known_values) {
        if (value.size() < kShortestKnownSecret) {
            continue;
        }
        for (auto at = known.find(value); at != std::string::npos;
             at = known.find(value, at + kRedactedMarker.size())) {
            known.replace(at, value.size(), kRedactedMarker);
            ++counted.known_values;
        }
    }
    const auto spans = secret_spans(known);
    if (spans.empty()) {
        return known;
    }
    std::string out;
    out.reserve(known.size());
    std::size_t copied = 0;
    for (const auto& span : spans) {
        out.append(known, copied, span.begin - copied);
        out.append(kRedactedMarker);
        ++(counted.*span.kind);
        copied = span.end;
    }
    out.append(known, copied);
    return out;
}

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

} // namespace parley::util
