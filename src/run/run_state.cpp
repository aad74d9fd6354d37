#include "run/run_state.hpp"

#include "util/json_document.hpp"

namespace parley::debate {

Result<RunState> read_run_state(const store::RunRecord& run, const std::filesystem::path& journal) {
    const auto bad = [&](const std::string& field, const nlohmann::json& value, const char* expected) {
        return fail(ErrorKind::invalid_input, "journal " + journal.string() + ": run " + run.id + ": state." + field +
                                                  " is " + util::json_type_name(value) + ", expected " + expected +
                                                  "; the run cannot be resumed from this journal");
    };
    RunState out;
    if (!run.state.is_object()) {
        return fail(ErrorKind::invalid_input, "journal " + journal.string() + ": run " + run.id + ": state is " +
                                                  util::json_type_name(run.state) + ", expected an object");
    }
    if (const auto created = run.state.find("createdAt"); created != run.state.end()) {
        if (!created->is_string()) {
            return bad("createdAt", *created, "an ISO 8601 string");
        }
        out.created_at = created->get<std::string>();
    }
    if (const auto answers = run.state.find("answers"); answers != run.state.end()) {
        if (!answers->is_object()) {
            return bad("answers", *answers, "an object of answers by question id");
        }
        for (const auto& [id, answer] : answers->items()) {
            if (!answer.is_string()) {
                return bad(util::child_path("answers", id), answer, "a string");
            }
            out.answers[id] = answer.get<std::string>();
        }
    }
    return out;
}

} // namespace parley::debate
