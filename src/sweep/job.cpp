#include "sweep/job.hpp"

namespace parley::sweep {

namespace {

using nlohmann::json;

json named_to_json(const NamedText& t) {
    return {{"name", t.name}, {"text", t.text}};
}

Result<std::string> string_at(const json& object, const std::string& key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) {
        return fail(ErrorKind::invalid_input, "malformed sweep job: " + where + key + " must be a string");
    }
    return it->get<std::string>();
}

Result<NamedText> named_at(const json& object, const std::string& key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_object()) {
        return fail(ErrorKind::invalid_input, "malformed sweep job: " + key + " must be an object");
    }
    auto name = string_at(*it, "name", key + ".");
    if (!name) {
        return tl::make_unexpected(name.error());
    }
    auto text = string_at(*it, "text", key + ".");
    if (!text) {
        return tl::make_unexpected(text.error());
    }
    return NamedText{std::move(*name), std::move(*text)};
}

Result<std::uint64_t> unsigned_at(const json& object, const std::string& key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_unsigned()) {
        return fail(ErrorKind::invalid_input, "malformed sweep job: " + key + " must be a whole number");
    }
    return it->get<std::uint64_t>();
}

} // namespace

json job_to_json(const SweepJob& job) {
    const int version = !job.baseline.empty() ? kBaselineJobFormatVersion
                        : job.design          ? kDesignJobFormatVersion
                                              : kJobFormatVersion;
    json out = {{"version", version},
                {"id", job.id},
                {"index", job.index},
                {"problem", named_to_json(job.problem)},
                {"config", named_to_json(job.config)},
                {"seed", job.seed},
                {"eval", job.eval ? named_to_json(*job.eval) : json(nullptr)},
                {"debateId", job.debate_id}};
    if (job.design) {
        out["design"] = named_to_json(*job.design);
    }
    if (!job.baseline.empty()) {
        out["baseline"] = job.baseline;
    }
    return out;
}

Result<SweepJob> job_from_json(const json& value) {
    if (!value.is_object()) {
        return fail(ErrorKind::invalid_input, "malformed sweep job: not a JSON object");
    }
    const auto version = value.find("version");
    if (version == value.end() || !version->is_number_integer() || version->get<int>() < kJobFormatVersion ||
        version->get<int>() > kBaselineJobFormatVersion) {
        return fail(ErrorKind::invalid_input, "sweep job of format version " +
                                                  (version == value.end() ? std::string("none") : version->dump()) +
                                                  "; this parley reads versions " + std::to_string(kJobFormatVersion) +
                                                  " to " + std::to_string(kBaselineJobFormatVersion) +
                                                  " (run workers of the same parley version as `parley sweep`)");
    }
    SweepJob job;
    auto id = string_at(value, "id", "");
    auto index = unsigned_at(value, "index");
    auto problem = named_at(value, "problem");
    auto config = named_at(value, "config");
    auto seed = unsigned_at(value, "seed");
    auto debate_id = string_at(value, "debateId", "");
    for (const Error* e : {id ? nullptr : &id.error(), index ? nullptr : &index.error(),
                           problem ? nullptr : &problem.error(), config ? nullptr : &config.error(),
                           seed ? nullptr : &seed.error(), debate_id ? nullptr : &debate_id.error()}) {
        if (e) {
            return tl::make_unexpected(*e);
        }
    }
    job.id = std::move(*id);
    job.index = static_cast<std::size_t>(*index);
    job.problem = std::move(*problem);
    job.config = std::move(*config);
    job.seed = *seed;
    job.debate_id = std::move(*debate_id);
    if (const auto eval = value.find("eval"); eval != value.end() && !eval->is_null()) {
        auto named = named_at(value, "eval");
        if (!named) {
            return tl::make_unexpected(named.error());
        }
        job.eval = std::move(*named);
    }
    if (const auto design = value.find("design"); design != value.end() && !design->is_null()) {
        auto named = named_at(value, "design");
        if (!named) {
            return tl::make_unexpected(named.error());
        }
        job.design = std::move(*named);
    } else if (version->get<int>() == kDesignJobFormatVersion) {
        return fail(ErrorKind::invalid_input, "malformed sweep job: design must be an object");
    }
    if (const auto baseline = value.find("baseline"); baseline != value.end() && !baseline->is_null()) {
        if (!baseline->is_string() || baseline->get<std::string>() != "vote") {
            return fail(ErrorKind::invalid_input, "malformed sweep job: baseline must be \"vote\"");
        }
        job.baseline = "vote";
    } else if (version->get<int>() == kBaselineJobFormatVersion) {
        return fail(ErrorKind::invalid_input, "malformed sweep job: baseline must be \"vote\"");
    }
    return job;
}

} // namespace parley::sweep
