#include "sweep/job_secrets.hpp"

#include <algorithm>
#include <cctype>

#include "util/json_document.hpp"
#include "util/text.hpp"

namespace parley::sweep {

namespace {

using nlohmann::json;

bool names_a_credential(std::string_view header) {
    const auto name = util::ascii_lower(header);
    if (name == "authorization" || name == "proxy-authorization" || name == "cookie") {
        return true;
    }
    for (const char* part : {"key", "token", "secret", "password"}) {
        if (name.find(part) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// The path of the first credential header under `value`, if any.
std::optional<std::string> credential_header(const json& value, const std::string& path) {
    if (value.is_object()) {
        for (const auto& [key, child] : value.items()) {
            const auto at = util::child_path(path, key);
            if (key == "headers" && child.is_object()) {
                for (const auto& [header, text] : child.items()) {
                    if (names_a_credential(header) && text.is_string() && !text.get<std::string>().empty()) {
                        return util::child_path(at, header);
                    }
                }
            }
            if (auto found = credential_header(child, at)) {
                return found;
            }
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (auto found = credential_header(value[i], util::child_path(path, i))) {
                return found;
            }
        }
    }
    return std::nullopt;
}

void collect_key_envs(const json& value, std::vector<std::string>& out) {
    if (value.is_object()) {
        for (const auto& [key, child] : value.items()) {
            if (key == "apiKeyEnv" && child.is_string()) {
                out.push_back(child.get<std::string>());
            }
            collect_key_envs(child, out);
        }
    } else if (value.is_array()) {
        for (const auto& child : value) {
            collect_key_envs(child, out);
        }
    }
}

std::vector<const NamedText*> config_texts(const SweepJob& job) {
    std::vector<const NamedText*> out{&job.config};
    if (job.eval) {
        out.push_back(&*job.eval);
    }
    return out;
}

} // namespace

std::optional<std::string> find_literal_secret(const SweepJob& job, const std::vector<KnownSecret>& known) {
    for (const auto* config : config_texts(job)) {
        const auto root = json::parse(config->text, nullptr, false);
        if (auto at = credential_header(root, ""); at && !root.is_discarded()) {
            return config->name + ": " + *at + " holds a literal credential";
        }
    }
    for (const auto& secret : known) {
        if (secret.value.size() < kMinSecretLength) {
            continue;
        }
        for (const auto* text :
             {&job.problem, &job.config, job.eval ? &*job.eval : nullptr, job.design ? &*job.design : nullptr}) {
            if (text && text->text.find(secret.value) != std::string::npos) {
                return text->name + ": holds the value of " + secret.name;
            }
        }
    }
    return std::nullopt;
}

std::vector<std::string> key_env_names(const SweepJob& job) {
    std::vector<std::string> out;
    for (const auto* config : config_texts(job)) {
        collect_key_envs(json::parse(config->text, nullptr, false), out);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace parley::sweep
