#pragma once
// The participants of a saved debate whose file does not list them (dialectic saves none): taken from the
// debate's own contributions, or from the config it ran with.

#include "debate/config.hpp"
#include "debate/debate_state.hpp"

namespace parley::debate {

/// Fills `state.agents` (and `state.judge`) when the file lacks them, so a report names every agent: ids and roles
/// in the order agents first spoke, names and models from `config` when given (matched by id), else the name the
/// agent gave with its clarifications or its role's default name, and the model its answers recorded. The judge
/// comes from `config`, or is named by the synthesis. A state that lists its participants is left as it is.
void fill_participants(DebateState& state, const DebateConfig* config);

} // namespace parley::debate
