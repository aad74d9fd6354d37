#include "run/problems.hpp"

#include <algorithm>
#include <filesystem>

#include "debate/problem.hpp"

namespace parley::run {

namespace {

// The files a name stands for: itself, or a folder's *.md files in name order.
Result<std::vector<std::string>> files_named(const std::string& given) {
    std::error_code ec;
    if (!std::filesystem::is_directory(given, ec)) {
        return std::vector<std::string>{given};
    }
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(given, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".md") {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        return fail(ErrorKind::invalid_input, "--problem " + given + ": the folder holds no .md problem files");
    }
    return files;
}

} // namespace

Result<std::vector<Problem>> load_problems(const std::optional<std::string>& text,
                                           const std::vector<std::string>& files) {
    if (text || files.empty()) {
        const std::optional<std::string> file =
            files.empty() ? std::nullopt : std::optional<std::string>(files.front());
        auto loaded = debate::load_problem(text, file);
        if (!loaded) {
            return tl::make_unexpected(loaded.error());
        }
        return std::vector<Problem>{{std::move(*loaded), std::nullopt}};
    }
    std::vector<Problem> out;
    for (const auto& given : files) {
        auto named = files_named(given);
        if (!named) {
            return tl::make_unexpected(named.error());
        }
        for (const auto& file : *named) {
            auto loaded = debate::load_problem(std::nullopt, file);
            if (!loaded) {
                return tl::make_unexpected(loaded.error());
            }
            out.push_back({std::move(*loaded), file});
        }
    }
    return out;
}

} // namespace parley::run
