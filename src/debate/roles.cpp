#include "debate/roles.hpp"

namespace parley::debate {

std::optional<std::string> canonical_role(std::string_view name) {
    if (name == "simplicity") {
        return std::string("kiss");
    }
    for (auto role : kRoles) {
        if (role == name) {
            return std::string(role);
        }
    }
    return std::nullopt;
}

std::string role_list() {
    std::string out;
    for (auto role : kRoles) {
        if (!out.empty()) {
            out += ", ";
        }
        out += role;
    }
    return out;
}

std::string default_agent_name(std::string_view role) {
    if (role == "architect")
        return "System Architect";
    if (role == "performance")
        return "Performance Engineer";
    if (role == "security")
        return "Security Specialist";
    if (role == "testing")
        return "Test Strategist";
    if (role == "kiss")
        return "Simplicity Advocate";
    if (role == "datamodeling")
        return "Data Modeling Specialist";
    return "Generalist";
}

} // namespace parley::debate
