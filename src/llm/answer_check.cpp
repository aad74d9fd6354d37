#include "llm/answer_check.hpp"

#include <cctype>
#include <cmath>
#include <unordered_set>

#include "util/json_document.hpp"

namespace parley::llm {

namespace {

using nlohmann::json;

constexpr std::size_t kShingleWords = 6;
constexpr std::size_t kMinEchoWords = 12;
constexpr std::size_t kMaxPlaceholderBytes = 200;
constexpr std::size_t kQuoteBytes = 60;

// Lower-case words of letters and digits: echo detection ignores punctuation, case and Markdown.
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::string word;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) != 0 || c >= 0x80) {
            word += static_cast<char>(std::tolower(c));
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) {
        out.push_back(std::move(word));
    }
    return out;
}

std::string shingle(const std::vector<std::string>& words, std::size_t at) {
    std::string out;
    for (std::size_t i = at; i < at + kShingleWords; ++i) {
        out += words[i];
        out += ' ';
    }
    return out;
}

std::string excerpt(std::string_view text) {
    std::string out(text.substr(0, kQuoteBytes));
    for (auto& c : out) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    return "\"" + out + (text.size() > kQuoteBytes ? "...\"" : "\"");
}

bool multi_word(const std::string& placeholder) {
    return placeholder.find(' ') != std::string::npos;
}

bool is_trimmed_empty(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

bool type_matches(const json& value, const std::string& type) {
    if (type == "object") {
        return value.is_object();
    }
    if (type == "array") {
        return value.is_array();
    }
    if (type == "string") {
        return value.is_string();
    }
    if (type == "integer") {
        return value.is_number_integer() ||
               (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>());
    }
    if (type == "number") {
        return value.is_number();
    }
    if (type == "boolean") {
        return value.is_boolean();
    }
    return true;
}

std::string child(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}

void check_range(const json& value, const json& schema, const std::string& path, std::vector<Defect>& out) {
    if (value.is_number()) {
        const double v = value.get<double>();
        const bool low = schema.contains("minimum") && v < schema["minimum"].get<double>();
        const bool high = schema.contains("maximum") && v > schema["maximum"].get<double>();
        if (low || high || !std::isfinite(v)) {
            out.push_back({DefectKind::out_of_range, path,
                           path + ": " + value.dump() + " is outside " + schema.value("minimum", json()).dump() + "-" +
                               schema.value("maximum", json()).dump()});
        }
    }
    if (const auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
        bool found = false;
        for (const auto& allowed : *e) {
            found = found || allowed == value;
        }
        if (!found) {
            out.push_back({DefectKind::out_of_range, path,
                           path + ": " + excerpt(value.is_string() ? value.get<std::string>() : value.dump()) +
                               " is not one of " + e->dump()});
        }
    }
    if (value.is_string() && schema.value("minLength", 0) > 0 && is_trimmed_empty(value.get<std::string>())) {
        out.push_back({DefectKind::missing, path, path + ": empty"});
    }
}

} // namespace

const char* to_string(DefectKind kind) {
    switch (kind) {
    case DefectKind::empty:
        return "empty";
    case DefectKind::no_json:
        return "no_json";
    case DefectKind::wrong_shape:
        return "wrong_shape";
    case DefectKind::missing:
        return "missing";
    case DefectKind::out_of_range:
        return "out_of_range";
    case DefectKind::placeholder:
        return "placeholder";
    case DefectKind::echo:
        return "echo";
    }
    return "wrong_shape";
}

std::map<DefectKind, int> AnswerCheck::counts() const {
    std::map<DefectKind, int> out;
    for (const auto& d : defects) {
        ++out[d.kind];
    }
    return out;
}

std::string AnswerCheck::summary(std::size_t most) const {
    std::string out;
    for (std::size_t i = 0; i < defects.size() && i < most; ++i) {
        out += (i == 0 ? "" : "; ") + std::string(to_string(defects[i].kind)) + ": " + defects[i].message;
    }
    if (defects.size() > most) {
        out += "; and " + std::to_string(defects.size() - most) + " more";
    }
    return out;
}

json defect_counts_json(const std::map<DefectKind, int>& counts) {
    auto out = json::object();
    for (const auto& [kind, count] : counts) {
        out[to_string(kind)] = count;
    }
    return out;
}

std::vector<std::string> prompt_placeholders(std::string_view prompt) {
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    for (std::size_t open = prompt.find('<'); open != std::string_view::npos; open = prompt.find('<', open + 1)) {
        const auto close = prompt.find_first_of("<>\n", open + 1);
        if (close == std::string_view::npos || prompt[close] != '>' || close - open < 3 ||
            close - open > kMaxPlaceholderBytes) {
            continue;
        }
        // "</p>", "<br/>" and "<img src=x>" are markup, not a blank for the model to fill: our templates' blanks are
        // prose, so a tag with attributes is text quoted from the material under review, which an answer may quote.
        const auto inner = prompt.substr(open + 1, close - open - 1);
        if (inner.front() == '/' || inner.back() == '/' ||
            std::isalpha(static_cast<unsigned char>(inner.front())) == 0 ||
            inner.find_first_of("=\"") != std::string_view::npos) {
            continue;
        }
        std::string placeholder(prompt.substr(open, close - open + 1));
        if (seen.insert(placeholder).second) {
            out.push_back(std::move(placeholder));
        }
    }
    return out;
}

double echo_share(std::string_view answer, std::string_view prompt) {
    const auto said = words_of(answer);
    if (said.size() < kMinEchoWords) {
        return 0;
    }
    const auto sent = words_of(prompt);
    std::unordered_set<std::string> known;
    for (std::size_t i = 0; i + kShingleWords <= sent.size(); ++i) {
        known.insert(shingle(sent, i));
    }
    std::size_t found = 0;
    const std::size_t total = said.size() - kShingleWords + 1;
    for (std::size_t i = 0; i < total; ++i) {
        found += known.count(shingle(said, i)) > 0 ? 1 : 0;
    }
    return static_cast<double>(found) / static_cast<double>(total);
}

std::vector<Defect> check_text(std::string_view answer, std::string_view prompt) {
    std::vector<Defect> out;
    if (is_trimmed_empty(answer)) {
        out.push_back({DefectKind::empty, "", "the answer is empty"});
        return out;
    }
    if (const double share = echo_share(answer, prompt); share >= kEchoShare) {
        out.push_back({DefectKind::echo, "",
                       "the answer repeats the prompt (" + std::to_string(static_cast<int>(std::lround(share * 100))) +
                           "% of its text was in what was sent)"});
    }
    for (const auto& placeholder : prompt_placeholders(prompt)) {
        if (multi_word(placeholder) && answer.find(placeholder) != std::string_view::npos) {
            out.push_back({DefectKind::placeholder, "",
                           "the template's placeholder " + excerpt(placeholder) + " is in the answer as it stands"});
        }
    }
    return out;
}

void validate(const json& value, const json& schema, const std::string& path, std::vector<Defect>& out) {
    const std::string where = path.empty() ? "the answer" : path;
    if (const auto type = schema.find("type"); type != schema.end() && type->is_string()) {
        if (!type_matches(value, type->get<std::string>())) {
            out.push_back(
                {DefectKind::wrong_shape, path,
                 where + ": " + util::json_type_name(value) + " where " + type->get<std::string>() + " belongs"});
            return;
        }
    }
    check_range(value, schema, where, out);
    if (value.is_object()) {
        const auto properties = schema.value("properties", json::object());
        for (const auto& key : schema.value("required", json::array())) {
            if (!value.contains(key.get<std::string>())) {
                out.push_back({DefectKind::missing, child(path, key.get<std::string>()),
                               child(path, key.get<std::string>()) + ": missing"});
            }
        }
        for (const auto& [key, sub] : properties.items()) {
            if (const auto it = value.find(key); it != value.end()) {
                validate(*it, sub, child(path, key), out);
            }
        }
    } else if (value.is_array() && schema.contains("items")) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            validate(value[i], schema["items"], path + "[" + std::to_string(i) + "]", out);
        }
    }
}

void find_placeholders(const json& value, const std::vector<std::string>& placeholders, const std::string& path,
                       std::vector<Defect>& out) {
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        for (const auto& p : placeholders) {
            if (text == p || (multi_word(p) && text.find(p) != std::string::npos)) {
                out.push_back({DefectKind::placeholder, path,
                               (path.empty() ? std::string("the answer") : path) + ": the template's placeholder " +
                                   excerpt(p) + " as it stands"});
                return;
            }
        }
    } else if (value.is_object()) {
        for (const auto& [key, sub] : value.items()) {
            find_placeholders(sub, placeholders, child(path, key), out);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            find_placeholders(value[i], placeholders, path + "[" + std::to_string(i) + "]", out);
        }
    }
}

} // namespace parley::llm
