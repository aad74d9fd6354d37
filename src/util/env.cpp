#include "util/env.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <unistd.h>

#include "util/text.hpp"
#include "util/text_file.hpp"

namespace parley::util {

namespace {

// A .env file holds a few keys; anything near this size is not one, and is refused before it is read whole.
constexpr std::size_t kMaxEnvFileBytes = 1024 * 1024;

bool is_name_char(char c, bool first) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
}

} // namespace

Result<std::map<std::string, std::string>> parse_env_text(std::string_view text, const std::string& source) {
    std::map<std::string, std::string> out;
    int line_number = 0;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        std::string_view line = trim_space(text.substr(0, newline));
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
        ++line_number;
        if (line.empty() || line.front() == '#') {
            continue;
        }
        if (line.substr(0, 7) == "export ") {
            line = trim_space(line.substr(7));
        }
        const auto eq = line.find('=');
        const std::string_view name = eq == std::string_view::npos ? line : trim_space(line.substr(0, eq));
        bool valid_name = !name.empty();
        for (std::size_t i = 0; i < name.size(); ++i) {
            valid_name = valid_name && is_name_char(name[i], i == 0);
        }
        // The line is not echoed: it may hold a key.
        const std::string where = source + ":" + std::to_string(line_number) + ": ";
        if (eq == std::string_view::npos || !valid_name) {
            return fail(ErrorKind::invalid_input, where + "expected NAME=VALUE");
        }
        std::string_view value = trim_space(line.substr(eq + 1));
        if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
            const char quote = value.front();
            const auto close = value.find(quote, 1);
            if (close == std::string_view::npos) {
                return fail(ErrorKind::invalid_input, where + "unterminated quoted value for " + std::string(name));
            }
            value = value.substr(1, close - 1);
        } else if (const auto hash = value.find(" #"); hash != std::string_view::npos) {
            value = trim_space(value.substr(0, hash));
        }
        out[std::string(name)] = std::string(value);
    }
    return out;
}

Result<Env> Env::load(const std::string& env_file, bool required) {
    Env env;
    std::error_code ec;
    // The default .env may be absent; a file that is there (or was named) must be readable, bounded and regular.
    if (!required && !std::filesystem::exists(std::filesystem::symlink_status(env_file, ec))) {
        return env;
    }
    auto text = read_text_file(env_file, kMaxEnvFileBytes);
    if (!text) {
        return fail(ErrorKind::invalid_input, "env file: " + text.error().message);
    }
    auto values = parse_env_text(*text, env_file);
    if (!values) {
        return tl::make_unexpected(values.error());
    }
    env.file_values_.insert(values->begin(), values->end());
    return env;
}

Env Env::from_values(std::map<std::string, std::string> values) {
    Env env;
    env.file_values_.insert(values.begin(), values.end());
    env.use_process_env_ = false;
    return env;
}

std::optional<std::string> Env::get(std::string_view name) const {
    if (use_process_env_) {
        if (const char* value = std::getenv(std::string(name).c_str()); value != nullptr && *value != '\0') {
            return std::string(value);
        }
    }
    if (auto it = file_values_.find(name); it != file_values_.end() && !it->second.empty()) {
        return it->second;
    }
    return std::nullopt;
}

namespace {

bool secret_variable(std::string_view name) {
    std::string upper(name);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    for (const char* word : {"KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL"}) {
        if (upper.find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

std::vector<std::string> Env::secret_values(const std::vector<std::string>& names) const {
    std::set<std::string> values;
    for (const auto& [name, value] : file_values_) {
        if (secret_variable(name) && !value.empty()) {
            values.insert(value);
        }
    }
    if (use_process_env_) {
        for (char** entry = environ; entry && *entry; ++entry) {
            const std::string_view line(*entry);
            const auto eq = line.find('=');
            if (eq != std::string_view::npos && eq + 1 < line.size() && secret_variable(line.substr(0, eq))) {
                values.emplace(line.substr(eq + 1));
            }
        }
    }
    for (const auto& name : names) {
        if (auto value = get(name)) {
            values.insert(*value);
        }
    }
    return {values.begin(), values.end()};
}

} // namespace parley::util
