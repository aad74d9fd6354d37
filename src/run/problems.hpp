#pragma once
// The problems a run debates: one given as text, or files and folders of *.md files.

#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace parley::run {

/// One problem to debate and where it came from.
struct Problem {
    std::string text;
    std::optional<std::string> file; ///< none for a problem given as text
    /// How progress and output name it: the file name; its folder too ("billing/problem.md") when another problem
    /// of the run has the same file name, or its title line when even that is shared. Empty for a problem given
    /// as text.
    std::string label{};
};

/// The problems named by `text` or `files` (never both): a folder gives its *.md files in name order.
[[nodiscard]] Result<std::vector<Problem>> load_problems(const std::optional<std::string>& text,
                                                         const std::vector<std::string>& files);

} // namespace parley::run
