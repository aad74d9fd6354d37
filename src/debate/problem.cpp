#include "debate/problem.hpp"

#include <algorithm>
#include <cctype>

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

} // namespace parley::debate
