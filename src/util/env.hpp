#pragma once
// Environment variables with a .env file underneath: how API keys reach parley.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace parley::util {

/// The process environment layered over a .env file: a variable set in the environment wins.
class Env {
public:
    /// Reads `env_file` (KEY=VALUE lines, # comments, optional `export `, single or double quotes). A missing
    /// file is fine unless `required`; a malformed line is an error naming the file and line (invalid_input).
    [[nodiscard]] static Result<Env> load(const std::string& env_file, bool required);

    /// An Env holding exactly these values and nothing from the process environment (for tests and tools).
    static Env from_values(std::map<std::string, std::string> values);

    /// The value of `name`, if set and not empty.
    std::optional<std::string> get(std::string_view name) const;

    /// The values of every variable whose name says it holds a secret (KEY, TOKEN, SECRET, PASSWORD, PASSWD or
    /// CREDENTIAL in it, any case), from the .env file and the process environment, and of `names` (the configured
    /// apiKeyEnv variables): what redaction removes from text parley sends or keeps. Sorted, without duplicates.
    std::vector<std::string> secret_values(const std::vector<std::string>& names) const;

private:
    std::map<std::string, std::string, std::less<>> file_values_;
    bool use_process_env_ = true;
};

/// Parses .env text; `source` names the file in errors.
[[nodiscard]] Result<std::map<std::string, std::string>> parse_env_text(std::string_view text,
                                                                        const std::string& source);

} // namespace parley::util
