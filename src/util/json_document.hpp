#pragma once
// JSON parsing that remembers where every value sits in the text, so config errors can name a line.

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace parley::util {

/// A parsed JSON text plus the line of every value, keyed by a readable path ("agents[1].temperature").
struct JsonDocument {
    nlohmann::json value;
    std::string source; ///< the file name used in messages
    std::map<std::string, int> lines;

    /// The line of `path`, or of its nearest ancestor that has one; 0 when unknown.
    int line_of(const std::string& path) const;

    /// "FILE:LINE: PATH: " — the prefix every message about `path` starts with.
    std::string where(const std::string& path) const;
};

/// Parses `text`; a syntax error names the file, line and column (ErrorKind::config).
[[nodiscard]] Result<JsonDocument> parse_json_document(std::string_view text, const std::string& source);

/// How a message names the type of `value`: "a string", "an array", "null", ...
std::string json_type_name(const nlohmann::json& value);

/// Joins a parent path and an object key: ("agents[0]", "id") -> "agents[0].id".
std::string child_path(const std::string& parent, std::string_view key);

/// Joins a parent path and an array index: ("agents", 2) -> "agents[2]".
std::string child_path(const std::string& parent, std::size_t index);

} // namespace parley::util
