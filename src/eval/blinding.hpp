#pragma once
// Blinding: evaluators see a design, not who wrote it. Agent names, ids, models and provider labels are replaced
// wherever they stand as words; a role word ("security") is replaced only where it names an agent ("the security
// agent", "(security)"), since the same word is also what a design talks about.

#include <string>
#include <string_view>
#include <vector>

namespace parley::eval {

/// Who wrote a document, as far as blinding and the self-preference check need to know.
struct Author {
    std::string id;
    std::string name;
    std::string role;
    std::string model;
    std::string provider;
};

/// What replaces an author's name, id, model or provider label.
inline constexpr std::string_view kBlindedName = "[a participant]";

/// `text` with every author's identity removed: each name, id, model and provider label, case-insensitive and as a
/// whole word, in every form (with or without its vendor prefix, with '-', '_' or ' ' between its parts), and a
/// vendor prefix written before one ("provx/" in "provx/model-9") with it.
std::string blind(std::string_view text, const std::vector<Author>& authors);

} // namespace parley::eval
