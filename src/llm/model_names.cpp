#include "llm/model_names.hpp"

#include <algorithm>
#include <cctype>

#include "util/text.hpp"

namespace parley::llm {

namespace {

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Vendors pin snapshots with a date after the name: -2024-08-06 (OpenAI), -20241022 (Anthropic), -0613 (MMDD,
// older OpenAI). Anything else at the end is part of the name: -mini, -001 and -8b are different models.
std::string_view without_date(std::string_view model) {
    const auto ends_with_date = [&](std::size_t length, auto&& shaped) {
        return model.size() > length + 1 && model[model.size() - length - 1] == '-' &&
               shaped(model.substr(model.size() - length));
    };
    if (ends_with_date(10, [](std::string_view d) {
            return all_digits(d.substr(0, 4)) && d[4] == '-' && all_digits(d.substr(5, 2)) && d[7] == '-' &&
                   all_digits(d.substr(8, 2));
        })) {
        return model.substr(0, model.size() - 11);
    }
    if (ends_with_date(8, [](std::string_view d) { return all_digits(d) && d.substr(0, 2) == "20"; })) {
        return model.substr(0, model.size() - 9);
    }
    if (ends_with_date(4, [](std::string_view d) {
            const int month = (d[0] - '0') * 10 + (d[1] - '0');
            return all_digits(d) && month >= 1 && month <= 12;
        })) {
        return model.substr(0, model.size() - 5);
    }
    return model;
}

// Where the ":tag" of a lower-cased name starts, or npos.
std::size_t tag_start(std::string_view name) {
    const auto slash = name.rfind('/');
    return name.find(':', slash == std::string_view::npos ? 0 : slash);
}

} // namespace

std::vector<std::string> model_spellings(std::string_view model) {
    const std::string name = util::ascii_lower(model);
    std::string_view base = name;
    if (const auto colon = tag_start(base); colon != std::string_view::npos) {
        base = base.substr(0, colon);
    }
    std::vector<std::string> out{name, std::string(base), std::string(without_date(base))};
    if (const auto cut = base.rfind('/'); cut != std::string_view::npos) {
        const auto bare = base.substr(cut + 1);
        out.emplace_back(bare);
        out.emplace_back(without_date(bare));
    }
    return out;
}

std::string model_tag(std::string_view model) {
    const std::string name = util::ascii_lower(model);
    const auto colon = tag_start(name);
    return colon == std::string::npos ? std::string() : name.substr(colon + 1);
}

} // namespace parley::llm
