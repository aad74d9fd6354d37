#pragma once
// Checks a model's answer before parley believes it: against the JSON schema of the structured answer it was asked
// for, and against the prompt it was sent (placeholders of our own templates copied back, the prompt echoed).
// Every defect is named by kind and path, so callers count them and show them.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace parley::llm {

/// What can be wrong with an answer.
enum class DefectKind {
    empty,        ///< nothing but white space
    no_json,      ///< a structured answer without a JSON object in it
    wrong_shape,  ///< a value of the wrong JSON type (an array where an object belongs, a word for a number)
    missing,      ///< a required part is not there (or is an empty string)
    out_of_range, ///< a number outside its schema's range, or a word outside its list
    placeholder,  ///< a `<...>` placeholder of the prompt's template copied into the answer as it stands
    echo,         ///< the answer repeats the prompt (most of its text was in what was sent)
};

/// "empty", "no_json", "wrong_shape", "missing", "out_of_range", "placeholder" or "echo".
const char* to_string(DefectKind kind);

/// One defect: its kind, where in the answer (a JSON path, or "" for the whole answer), and one line saying it.
struct Defect {
    DefectKind kind = DefectKind::wrong_shape;
    std::string path;
    std::string message;
};

/// The outcome of checking one answer.
struct AnswerCheck {
    std::vector<Defect> defects;

    /// True when no defect makes the answer unusable (every kind does: a defect is never a mere style note).
    bool usable() const { return defects.empty(); }
    /// How many defects of each kind.
    std::map<DefectKind, int> counts() const;
    /// The first few defects in one line ("placeholder at description: ...; echo: ..."), for warnings and repairs.
    std::string summary(std::size_t most = 3) const;
};

/// Defect counts as a JSON object keyed by each kind's name.
nlohmann::json defect_counts_json(const std::map<DefectKind, int>& counts);

/// The `<...>` placeholders written in `prompt` (e.g. "<the solution in two or three sentences>", "<string>").
std::vector<std::string> prompt_placeholders(std::string_view prompt);

/// The share (0-1) of the answer's word 6-grams that also occur in `prompt`; 0 for answers under 12 words.
double echo_share(std::string_view answer, std::string_view prompt);

/// The share of an answer's word 6-grams found in the prompt at or above which the answer is an echo.
inline constexpr double kEchoShare = 0.8;

/// Defects of the whole text: empty, echo (share >= kEchoShare), and multi-word placeholders of `prompt` found in
/// it. For free answers (proposals, critiques) and as the first step of a structured check.
std::vector<Defect> check_text(std::string_view answer, std::string_view prompt);

/// Validates `value` against `schema` (the subset parley's schemas use: type, properties, required, items,
/// minimum, maximum, enum, minLength), appending defects with JSON paths under `path`.
void validate(const nlohmann::json& value, const nlohmann::json& schema, const std::string& path,
              std::vector<Defect>& out);

/// Defects of string values of `value` that are placeholders of `prompt` (equal to one, or containing a multi-word
/// one), with their JSON paths.
void find_placeholders(const nlohmann::json& value, const std::vector<std::string>& placeholders,
                       const std::string& path, std::vector<Defect>& out);

} // namespace parley::llm
