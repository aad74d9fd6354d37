#include "util/json_document.hpp"

#include <algorithm>
#include <vector>

#include "util/text_safety.hpp"

namespace parley::util {

std::string json_type_name(const nlohmann::json& value) {
    switch (value.type()) {
    case nlohmann::json::value_t::null:
        return "null";
    case nlohmann::json::value_t::boolean:
        return "a boolean";
    case nlohmann::json::value_t::string:
        return "a string";
    case nlohmann::json::value_t::array:
        return "an array";
    case nlohmann::json::value_t::object:
        return "an object";
    case nlohmann::json::value_t::binary:
        return "binary data";
    case nlohmann::json::value_t::discarded:
        return "nothing";
    default:
        return "a number";
    }
}

std::string child_path(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string child_path(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

int JsonDocument::line_of(const std::string& path) const {
    std::string p = path;
    while (true) {
        if (auto it = lines.find(p); it != lines.end()) {
            return it->second;
        }
        if (p.empty()) {
            return 0;
        }
        const auto cut = p.find_last_of(".[");
        p = cut == std::string::npos ? std::string() : p.substr(0, cut);
    }
}

std::string JsonDocument::where(const std::string& path) const {
    std::string out = source;
    if (const int line = line_of(path); line > 0) {
        out += ":" + std::to_string(line);
    }
    out += ": ";
    if (!path.empty()) {
        // A path is built from the file's own keys: one with a line break or a megabyte of text is shown escaped.
        const bool plain = path.size() <= 200 && std::none_of(path.begin(), path.end(), [](char c) {
                               return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
                           });
        out += (plain ? path : quote_value(path, 120)) + ": ";
    }
    return out;
}

namespace {

// Paths longer than this (a hostile file's megabyte keys) get no entry of their own: a message about them names
// their nearest ancestor with a shorter path, and the map stays bounded by the size of the text.
constexpr std::size_t kMaxPathBytes = 512;

// A light second pass over text nlohmann has already accepted: it only needs to find where
// each value starts, so it trusts the syntax and tracks strings, containers and line breaks.
// It recurses once per level of nesting, which parse_json_document has bounded by kMaxJsonDepth before.
class LocationScanner {
public:
    LocationScanner(std::string_view text, std::map<std::string, int>& lines) : text_(text), lines_(lines) {}

    void scan() {
        skip_space();
        value("", true);
    }

private:
    // `recorded` is false below a path too long to keep: its values are walked, with no path built or copied.
    void value(const std::string& path, bool recorded) {
        skip_space();
        if (pos_ >= text_.size()) {
            return;
        }
        if (recorded) {
            lines_.emplace(path, line_);
        }
        const char c = text_[pos_];
        if (c == '{') {
            object(path, recorded);
        } else if (c == '[') {
            array(path, recorded);
        } else if (c == '"') {
            string();
        } else {
            while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']' &&
                   !is_space(text_[pos_])) {
                ++pos_;
            }
        }
    }

    void object(const std::string& path, bool recorded) {
        ++pos_;
        while (true) {
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] == '}') {
                ++pos_;
                return;
            }
            if (text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            const std::string key = string();
            skip_space();
            ++pos_; // the colon
            if (recorded && path.size() + key.size() < kMaxPathBytes) {
                value(child_path(path, key), true);
            } else {
                value(path, false);
            }
        }
    }

    void array(const std::string& path, bool recorded) {
        ++pos_;
        std::size_t index = 0;
        while (true) {
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] == ']') {
                ++pos_;
                return;
            }
            if (text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (recorded && path.size() + 24 < kMaxPathBytes) {
                value(child_path(path, index), true);
            } else {
                value(path, false);
            }
            ++index;
        }
    }

    std::string string() {
        std::string out;
        ++pos_;
        while (pos_ < text_.size() && text_[pos_] != '"') {
            if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
                out += text_[pos_ + 1];
                pos_ += 2;
                continue;
            }
            out += text_[pos_++];
        }
        ++pos_;
        return out;
    }

    static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

    void skip_space() {
        while (pos_ < text_.size() && is_space(text_[pos_])) {
            if (text_[pos_] == '\n') {
                ++line_;
            }
            ++pos_;
        }
    }

    std::string_view text_;
    std::map<std::string, int>& lines_;
    std::size_t pos_ = 0;
    int line_ = 1;
};

// Line and column (1-based) of a byte offset.
std::pair<int, int> line_and_column(std::string_view text, std::size_t byte) {
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

// nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 3, column 5: ";
// the location is given again in our own form, so keep only the explanation.
std::string parse_error_reason(const std::string& what) {
    // It quotes the bytes it last read, which in a hostile file may be anything.
    const auto colon = what.find(": ");
    return escape_controls(colon == std::string::npos ? what : what.substr(colon + 2));
}

} // namespace

std::optional<std::size_t> nesting_too_deep(std::string_view text, std::size_t max_depth) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) {
                return i;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

nlohmann::json parse_json_bounded(std::string_view text) {
    if (nesting_too_deep(text)) {
        return nlohmann::json(nlohmann::json::value_t::discarded);
    }
    return nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
}

Result<JsonDocument> parse_json_document(std::string_view text, const std::string& source) {
    JsonDocument doc;
    doc.source = source;
    if (const auto deep = nesting_too_deep(text)) {
        const auto [line, column] = line_and_column(text, *deep);
        return fail(ErrorKind::config, source + ":" + std::to_string(line) + ":" + std::to_string(column) +
                                           ": nesting deeper than " + std::to_string(kMaxJsonDepth) +
                                           " levels of arrays and objects");
    }
    try {
        doc.value = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        // The byte nlohmann reports is one past the offending character.
        const auto [line, column] = line_and_column(text, e.byte > 0 ? e.byte - 1 : 0);
        return fail(ErrorKind::config, source + ":" + std::to_string(line) + ":" + std::to_string(column) +
                                           ": invalid JSON: " + parse_error_reason(e.what()));
    } catch (const nlohmann::json::out_of_range& e) {
        // A number past a double ("1e400") carries no position; its text, quoted in the message, gives the line.
        const std::string what = e.what();
        const auto open = what.find('\'');
        const auto close = what.rfind('\'');
        const auto number = open < close ? what.substr(open + 1, close - open - 1) : std::string();
        const auto at = number.empty() ? std::string_view::npos : text.find(number);
        const auto [line, column] = line_and_column(text, at == std::string_view::npos ? 0 : at);
        return fail(ErrorKind::config, source + ":" + std::to_string(line) + ":" + std::to_string(column) +
                                           ": invalid JSON: number " + quote_value(number) + " is out of range");
    }
    LocationScanner(text, doc.lines).scan();
    return doc;
}

std::size_t matching_brace(std::string_view text, std::size_t begin) {
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (std::size_t i = begin; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}' && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

namespace {

std::optional<nlohmann::json> parse_object(std::string_view text) {
    // A model's answer is untrusted text: its nesting is bounded before a tree is built.
    auto value = util::parse_json_bounded(text);
    if (value.is_discarded() || !value.is_object()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

// Models wrap the block in ```json fences most of the time, but not always; fall back to the last balanced object
// in the text, since a rationale may quote smaller JSON fragments before it.
std::optional<nlohmann::json> find_json_object(std::string_view answer) {
    for (std::size_t pos = answer.find("```json"); pos != std::string_view::npos;
         pos = answer.find("```json", pos + 1)) {
        const auto start = answer.find('\n', pos);
        const auto end = start == std::string_view::npos ? start : answer.find("```", start);
        if (end != std::string_view::npos) {
            if (auto value = parse_object(answer.substr(start, end - start))) {
                return value;
            }
        }
    }
    for (std::size_t close = answer.rfind('}'); close != std::string_view::npos && close > 0;
         close = answer.rfind('}', close - 1)) {
        int depth = 0;
        for (std::size_t i = close + 1; i-- > 0;) {
            if (answer[i] == '}') {
                ++depth;
            } else if (answer[i] == '{' && --depth == 0) {
                if (auto value = parse_object(answer.substr(i, close - i + 1))) {
                    return value;
                }
                break;
            }
        }
    }
    return std::nullopt;
}

} // namespace parley::util
