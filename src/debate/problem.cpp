#include "debate/problem.hpp"

#include <algorithm>
#include <cctype>

#include "util/text.hpp"
#include "util/text_file.hpp"
#include "util/utf8.hpp"

namespace parley::debate {

Result<std::string> load_problem(const std::optional<std::string>& inline_text,
                                 const std::optional<std::string>& file) {
    if (inline_text && file) {
        return fail(ErrorKind::invalid_input, "give the problem either as text or with --problem FILE, not both");
    }
    if (!inline_text && !file) {
        return fail(ErrorKind::invalid_input, "no problem given: pass it as text or with --problem FILE");
    }
    std::string text;
    std::string where = "problem text";
    if (file) {
        where = *file;
        auto read = util::read_text_file(*file, kMaxProblemBytes);
        if (!read) {
            return fail(ErrorKind::invalid_input, "cannot read problem: " + read.error().message);
        }
        text = std::move(*read);
    } else {
        text = *inline_text;
        if (text.size() > kMaxProblemBytes) {
            return fail(ErrorKind::invalid_input, "problem text is " + std::to_string(text.size()) +
                                                      " bytes; the limit is " + std::to_string(kMaxProblemBytes));
        }
    }
    if (auto bad = util::first_invalid_utf8(text)) {
        const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(*bad), '\n');
        return fail(ErrorKind::invalid_input, where + ":" + std::to_string(line) + ": not valid UTF-8 (byte " +
                                                  std::to_string(*bad) + "); save the file as UTF-8");
    }
    if (std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
        return fail(ErrorKind::invalid_input, where + ": the problem is empty");
    }
    return text;
}

Result<std::string> load_context(const std::string& file, std::vector<std::string>& warnings) {
    auto read = util::read_text_file(file, kMaxProblemBytes);
    if (!read) {
        return fail(ErrorKind::invalid_input, "--context: " + read.error().message);
    }
    if (auto bad = util::first_invalid_utf8(*read)) {
        return fail(ErrorKind::invalid_input,
                    "--context " + file + ": not valid UTF-8 (byte " + std::to_string(*bad) + "); save it as UTF-8");
    }
    std::string text(util::trim_space(*read));
    if (text.empty()) {
        warnings.push_back("--context " + file + ": the file is empty; continuing without context");
        return text;
    }
    // dialectic counts characters (UTF-16 units); counting code points keeps every character whole.
    std::size_t chars = 0;
    std::size_t cut = text.size();
    for (std::size_t at = 0; at < text.size(); at += util::decode_utf8(text, at).bytes) {
        if (chars == kMaxContextChars) {
            cut = at;
            break;
        }
        ++chars;
    }
    if (cut < text.size()) {
        warnings.push_back("--context " + file + ": longer than " + std::to_string(kMaxContextChars) +
                           " characters; only the first " + std::to_string(kMaxContextChars) + " are used");
        text.resize(cut);
    }
    return text;
}

std::string with_context(const std::string& problem, const std::string& context) {
    return context.empty() ? problem : problem + "\n\n# Extra Context\n\n" + context;
}

} // namespace parley::debate
