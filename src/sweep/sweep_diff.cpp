#include "sweep/sweep_diff.hpp"

#include <map>
#include <tuple>

#include "sweep/sweep_index.hpp"
#include "util/json_document.hpp"
#include "util/text_file.hpp"

namespace parley::sweep {

namespace {

using Key = std::tuple<std::string, std::string, std::uint64_t>;

Key key_of(const JobKey& k) {
    return {k.problem, k.config, k.seed};
}

/// The rows of a sweep folder's index, each checked.
Result<std::vector<JobResult>> read_index(const std::filesystem::path& dir) {
    const auto where = dir.string();
    if (!std::filesystem::is_directory(dir)) {
        return fail(ErrorKind::invalid_input, where + ": no such folder; name a folder `parley sweep -o` wrote");
    }
    const auto index = dir / "sweep.json";
    if (!std::filesystem::exists(index)) {
        return fail(ErrorKind::invalid_input,
                    where + ": no sweep.json in it; name a folder `parley sweep -o` or `parley sweep collect` wrote");
    }
    auto text = util::read_text_file(index, kMaxIndexBytes);
    if (!text) {
        return tl::make_unexpected(text.error());
    }
    const auto value = util::parse_json_bounded(*text);
    const auto jobs = value.is_object() ? value.find("jobs") : value.end();
    if (!value.is_object() || jobs == value.end() || !jobs->is_array()) {
        return fail(ErrorKind::invalid_input, index.string() + ": not a sweep index (no \"jobs\" array)");
    }
    std::vector<JobResult> rows;
    for (std::size_t i = 0; i < jobs->size(); ++i) {
        auto row = row_from_json((*jobs)[i]);
        if (!row) {
            return fail(ErrorKind::invalid_input,
                        index.string() + ": jobs[" + std::to_string(i) + "]: " + row.error().message);
        }
        // The index names files inside its own folder; a path that leaves it is not read.
        const std::filesystem::path p(row->json_path);
        if (!row->json_path.empty() && (p.is_absolute() || p.lexically_normal().string().starts_with(".."))) {
            return fail(ErrorKind::invalid_input,
                        index.string() + ": jobs[" + std::to_string(i) + "].json: a path outside the sweep's folder");
        }
        rows.push_back(std::move(*row));
    }
    return rows;
}

JobKey key_of_row(const JobResult& r) {
    return {r.problem, r.config, r.seed};
}

/// Why a row has no debate to compare, or "" when it has one.
std::string missing_debate(const JobResult& r) {
    if (r.status != "done") {
        return r.status;
    }
    return r.json_path.empty() ? "no debate JSON" : "";
}

} // namespace

std::string to_string(const JobKey& key) {
    return key.problem + " · " + key.config + " · seed " + std::to_string(key.seed);
}

Result<SweepPairing> pair_sweeps(const std::filesystem::path& old_dir, const std::filesystem::path& new_dir) {
    auto old_rows = read_index(old_dir);
    if (!old_rows) {
        return tl::make_unexpected(old_rows.error());
    }
    auto new_rows = read_index(new_dir);
    if (!new_rows) {
        return tl::make_unexpected(new_rows.error());
    }
    std::map<Key, const JobResult*> by_key;
    for (const auto& r : *new_rows) {
        by_key.emplace(key_of(key_of_row(r)), &r);
    }
    SweepPairing out;
    std::size_t shared = 0;
    for (const auto& r : *old_rows) {
        const auto key = key_of_row(r);
        const auto found = by_key.find(key_of(key));
        if (found == by_key.end()) {
            out.unpaired.push_back({key, "only in OLD"});
            continue;
        }
        ++shared;
        const auto& n = *found->second;
        by_key.erase(found);
        if (const auto why = missing_debate(r); !why.empty()) {
            out.unpaired.push_back({key, why + " in OLD"});
        } else if (const auto why_new = missing_debate(n); !why_new.empty()) {
            out.unpaired.push_back({key, why_new + " in NEW"});
        } else {
            out.pairs.push_back({key, old_dir / r.json_path, new_dir / n.json_path});
        }
    }
    for (const auto& r : *new_rows) {
        if (by_key.count(key_of(key_of_row(r))) > 0) {
            out.unpaired.push_back({key_of_row(r), "only in NEW"});
        }
    }
    if (shared == 0 && !old_rows->empty() && !new_rows->empty()) {
        return fail(ErrorKind::invalid_input, old_dir.string() + " and " + new_dir.string() +
                                                  " share no problem x config x seed; a diff pairs runs of the "
                                                  "same sweep");
    }
    return out;
}

} // namespace parley::sweep
