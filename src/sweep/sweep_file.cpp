#include "sweep/sweep_file.hpp"

#include <limits>
#include <set>

#include "util/json_document.hpp"
#include "util/text_file.hpp"
#include "util/text_safety.hpp"

namespace parley::sweep {

namespace {

using nlohmann::json;

const std::set<std::string> kKeys{"problems", "configs", "seeds", "eval", "design", "baseline"};

std::string resolved(const std::string& given, const std::filesystem::path& base_dir) {
    const std::filesystem::path p(given);
    return p.is_absolute() || base_dir.empty() ? given : (base_dir / p).lexically_normal().string();
}

// A problem entry written as {"problem": P, "design": D}: P, with D filed in `designs`.
Result<std::string> problem_entry(const util::JsonDocument& doc, const json& item, const std::string& path,
                                  const std::filesystem::path& base_dir, std::map<std::string, std::string>& designs) {
    for (const auto& [key, value] : item.items()) {
        if (key != "problem" && key != "design") {
            return fail(ErrorKind::config, doc.where(util::child_path(path, key)) +
                                               "unknown key (a problem entry has problem and design)");
        }
        if (!value.is_string() || value.get<std::string>().empty()) {
            return fail(ErrorKind::config, doc.where(util::child_path(path, key)) + "must be a non-empty string, not " +
                                               util::json_type_name(value));
        }
    }
    if (!item.contains("problem") || !item.contains("design")) {
        return fail(ErrorKind::config, doc.where(path) + "a problem entry object needs both problem and design");
    }
    auto problem = resolved(item.at("problem").get<std::string>(), base_dir);
    designs[problem] = resolved(item.at("design").get<std::string>(), base_dir);
    return problem;
}

Result<std::vector<std::string>> paths_at(const util::JsonDocument& doc, const std::string& key,
                                          const std::filesystem::path& base_dir,
                                          std::map<std::string, std::string>* designs = nullptr) {
    const auto& value = doc.value.find(key);
    if (value == doc.value.end()) {
        return fail(ErrorKind::config, doc.where(key) + "is required (an array of file or folder names)");
    }
    if (!value->is_array() || value->empty()) {
        return fail(ErrorKind::config,
                    doc.where(key) + "must be a non-empty array of strings, not " + util::json_type_name(*value));
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value->size(); ++i) {
        const auto& item = (*value)[i];
        if (designs != nullptr && item.is_object()) {
            auto problem = problem_entry(doc, item, util::child_path(key, i), base_dir, *designs);
            if (!problem) {
                return tl::make_unexpected(problem.error());
            }
            out.push_back(std::move(*problem));
            continue;
        }
        if (!item.is_string() || item.get<std::string>().empty()) {
            return fail(ErrorKind::config, doc.where(util::child_path(key, i)) + "must be a non-empty string, not " +
                                               util::json_type_name(item));
        }
        out.push_back(resolved(item.get<std::string>(), base_dir));
    }
    return out;
}

Result<std::vector<std::uint64_t>> seeds_of(const util::JsonDocument& doc) {
    std::vector<std::uint64_t> out;
    const auto value = doc.value.find("seeds");
    if (value == doc.value.end()) {
        return out;
    }
    if (!value->is_array() || value->empty()) {
        return fail(ErrorKind::config,
                    doc.where("seeds") + "must be a non-empty array of integers, not " + util::json_type_name(*value));
    }
    std::set<std::uint64_t> seen;
    for (std::size_t i = 0; i < value->size(); ++i) {
        const auto& item = (*value)[i];
        const auto where = doc.where(util::child_path("seeds", i));
        if (item.is_number_unsigned()) {
            out.push_back(item.get<std::uint64_t>());
        } else if (item.is_number_integer() && item.get<std::int64_t>() >= 0) {
            out.push_back(static_cast<std::uint64_t>(item.get<std::int64_t>()));
        } else {
            return fail(ErrorKind::config, where + "must be a whole number from 0 to " +
                                               std::to_string(std::numeric_limits<std::uint64_t>::max()));
        }
        if (!seen.insert(out.back()).second) {
            return fail(ErrorKind::config, where + "repeats seed " + std::to_string(out.back()));
        }
    }
    return out;
}

} // namespace

Result<SweepFile> parse_sweep_file(std::string_view text, const std::string& source,
                                   const std::filesystem::path& base_dir) {
    auto doc = util::parse_json_document(text, source);
    if (!doc) {
        return tl::make_unexpected(doc.error());
    }
    if (!doc->value.is_object()) {
        return fail(ErrorKind::config,
                    doc->where("") + "a sweep file is a JSON object, not " + util::json_type_name(doc->value));
    }
    for (const auto& [key, value] : doc->value.items()) {
        if (!kKeys.count(key)) {
            return fail(ErrorKind::config,
                        doc->where(key) +
                            "unknown key (a sweep file has problems, configs, seeds, eval, design and baseline)");
        }
    }
    SweepFile sweep;
    auto problems = paths_at(*doc, "problems", base_dir, &sweep.problem_designs);
    if (!problems) {
        return tl::make_unexpected(problems.error());
    }
    sweep.problems = std::move(*problems);
    auto configs = paths_at(*doc, "configs", base_dir);
    if (!configs) {
        return tl::make_unexpected(configs.error());
    }
    sweep.configs = std::move(*configs);
    auto seeds = seeds_of(*doc);
    if (!seeds) {
        return tl::make_unexpected(seeds.error());
    }
    sweep.seeds = std::move(*seeds);
    if (const auto eval = doc->value.find("eval"); eval != doc->value.end()) {
        if (!eval->is_string() || eval->get<std::string>().empty()) {
            return fail(ErrorKind::config,
                        doc->where("eval") + "must be a non-empty string, not " + util::json_type_name(*eval));
        }
        sweep.eval = resolved(eval->get<std::string>(), base_dir);
    }
    if (const auto design = doc->value.find("design"); design != doc->value.end()) {
        if (!design->is_string() || design->get<std::string>().empty()) {
            return fail(ErrorKind::config,
                        doc->where("design") + "must be a non-empty string, not " + util::json_type_name(*design));
        }
        sweep.design = resolved(design->get<std::string>(), base_dir);
    }
    if (const auto baseline = doc->value.find("baseline"); baseline != doc->value.end()) {
        if (!baseline->is_string() || baseline->get<std::string>() != "vote") {
            return fail(ErrorKind::config, doc->where("baseline") + "must be \"vote\" (the equal-cost baseline), not " +
                                               (baseline->is_string() ? util::quote_value(baseline->get<std::string>())
                                                                      : util::json_type_name(*baseline)));
        }
        sweep.baseline = "vote";
    }
    return sweep;
}

std::optional<std::string> SweepFile::design_for(const std::string& problem) const {
    if (const auto it = problem_designs.find(problem); it != problem_designs.end()) {
        return it->second;
    }
    return design;
}

Result<SweepFile> load_sweep_file(const std::filesystem::path& path) {
    auto text = util::read_text_file(path, kMaxSweepFileBytes);
    if (!text) {
        return fail(text.error().kind == ErrorKind::io ? ErrorKind::invalid_input : text.error().kind,
                    "sweep file: " + text.error().message);
    }
    return parse_sweep_file(*text, path.string(), path.parent_path());
}

} // namespace parley::sweep
