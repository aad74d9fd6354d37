#include "run/problems.hpp"

#include <algorithm>
#include <filesystem>

#include "debate/problem.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

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

// The first non-empty line without its Markdown heading marks, cut to a display-friendly length.
std::string title_line(const std::string& text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto end = std::min(text.find('\n', pos), text.size());
        auto line = util::trim_space(std::string_view(text).substr(pos, end - pos));
        while (!line.empty() && line.front() == '#') {
            line.remove_prefix(1);
        }
        line = util::trim_space(line);
        if (!line.empty()) {
            return util::truncate_utf8(line, 60);
        }
        pos = end + 1;
    }
    return {};
}

// Labels that tell the problems apart, widening only where two would read the same.
void label_problems(std::vector<Problem>& problems) {
    auto count = [&](const std::string& label) {
        return std::count_if(problems.begin(), problems.end(), [&](const Problem& p) { return p.label == label; });
    };
    for (auto& p : problems) {
        p.label = p.file ? std::filesystem::path(*p.file).filename().string() : std::string();
    }
    std::vector<std::string> wider(problems.size());
    for (std::size_t i = 0; i < problems.size(); ++i) {
        const auto& p = problems[i];
        if (p.file && count(p.label) > 1) {
            const auto path = std::filesystem::absolute(*p.file).lexically_normal();
            wider[i] = (path.parent_path().filename() / path.filename()).string();
        }
    }
    for (std::size_t i = 0; i < problems.size(); ++i) {
        if (!wider[i].empty()) {
            problems[i].label = wider[i];
        }
    }
    for (auto& p : problems) {
        if (p.file && count(p.label) > 1) {
            if (auto title = title_line(p.text); !title.empty()) {
                p.label += " (" + title + ")";
            }
        }
    }
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
        std::vector<Problem> one{{std::move(*loaded), file, {}}};
        label_problems(one);
        return one;
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
            out.push_back({std::move(*loaded), file, {}});
        }
    }
    label_problems(out);
    return out;
}

} // namespace parley::run
