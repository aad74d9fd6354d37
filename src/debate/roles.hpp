#pragma once
// The debate roles parley knows.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace parley::debate {

/// Every debater role, in the order reports list them.
/// datamodeling is dialectic's data-modeling role, so its configs and --agents lists work as they are.
inline constexpr std::array<std::string_view, 7> kRoles{"architect", "performance", "security",    "testing",
                                                        "kiss",      "generalist",  "datamodeling"};

/// The canonical role for a name ("simplicity" is an alias of "kiss"), or nothing when unknown.
std::optional<std::string> canonical_role(std::string_view name);

/// "architect, performance, ..." for error messages.
std::string role_list();

/// A readable default name for an agent of this role ("System Architect").
std::string default_agent_name(std::string_view role);

} // namespace parley::debate
