#pragma once
// One job of a sweep: one debate, with everything it needs inlined, so a worker on another machine needs no files.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace parley::sweep {

/// The version of a job's JSON form; a job of another version is refused as made by an incompatible parley.
inline constexpr int kJobFormatVersion = 1;

/// The version of a design-review job's JSON form (one with a "design"): a worker that reads only
/// kJobFormatVersion refuses it rather than debate the problem from scratch.
inline constexpr int kDesignJobFormatVersion = 2;

/// The version of a job that runs the equal-cost baseline after its debate (one with a "baseline"): a worker that
/// does not know the key refuses it rather than leave the baseline out.
inline constexpr int kBaselineJobFormatVersion = 3;

/// A text and the name (a file path) it came from.
struct NamedText {
    std::string name;
    std::string text;
};

/// One debate of a sweep.
struct SweepJob {
    std::string id;        ///< stable: "j-" + a digest of problem, config, seed and eval texts
    std::size_t index = 0; ///< its place in the matrix; results are listed in this order
    NamedText problem;
    NamedText config; ///< the debate config's JSON text
    std::uint64_t seed = 0;
    std::optional<NamedText> eval;   ///< the eval config applied to the debate, if any
    std::optional<NamedText> design; ///< a design-review debate (`--design`): the design under review
    std::string debate_id;           ///< stable: the same job always runs as the same debate (and journal keys)
    std::string baseline;            ///< "vote": the equal-cost baseline runs after the debate; "" none
};

/// The job as JSON (what travels through a queue).
nlohmann::json job_to_json(const SweepJob& job);

/// The job read back; anything missing, mistyped or of another format version is ErrorKind::invalid_input
/// naming the field.
[[nodiscard]] Result<SweepJob> job_from_json(const nlohmann::json& value);

} // namespace parley::sweep
