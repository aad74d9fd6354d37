#pragma once
// JSON parsing that remembers where every value sits in the text, so config errors can name a line.

#include <cstddef>
#include <map>
#include <optional>
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

/// The deepest nesting of arrays and objects accepted in JSON read from a file or a journal; deeper text is refused
/// before a tree is built, so no parser or walker can run out of stack or memory on it.
inline constexpr std::size_t kMaxJsonDepth = 64;

/// The byte offset of the bracket that opens level `max_depth + 1`, or nothing when `text` nests no deeper than
/// `max_depth`. One pass, no recursion, brackets inside strings ignored.
[[nodiscard]] std::optional<std::size_t> nesting_too_deep(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

/// Where the closing brace of the JSON object opening at `begin` is, strings and escapes respected; npos if none.
[[nodiscard]] std::size_t matching_brace(std::string_view text, std::size_t begin);

/// nlohmann::json::parse with the nesting bounded first: a discarded value when `text` is not JSON or nests deeper
/// than kMaxJsonDepth. For text parley did not write itself (journal rows, answer files, model output).
[[nodiscard]] nlohmann::json parse_json_bounded(std::string_view text);

/// The JSON object a model's answer carries: the first ```json fenced block that parses as an object, else the
/// last balanced {...} that does; none when there is no such object.
[[nodiscard]] std::optional<nlohmann::json> find_json_object(std::string_view answer);

/// Parses `text`; a syntax error or nesting deeper than kMaxJsonDepth names the file, line and column
/// (ErrorKind::config).
[[nodiscard]] Result<JsonDocument> parse_json_document(std::string_view text, const std::string& source);

/// How a message names the type of `value`: "a string", "an array", "null", ...
std::string json_type_name(const nlohmann::json& value);

/// Joins a parent path and an object key: ("agents[0]", "id") -> "agents[0].id".
std::string child_path(const std::string& parent, std::string_view key);

/// Joins a parent path and an array index: ("agents", 2) -> "agents[2]".
std::string child_path(const std::string& parent, std::size_t index);

} // namespace parley::util
