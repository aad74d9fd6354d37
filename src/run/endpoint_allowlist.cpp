#include "run/endpoint_allowlist.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace parley::run {

namespace {

// A URL a refusal names comes from a job anyone with Redis access may write: it is cut to a readable length.
constexpr std::size_t kMaxShownUrl = 200;

bool is_variable_name(std::string_view name) {
    const auto word = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    };
    return !name.empty() && word(name.front()) &&
           std::all_of(name.begin(), name.end(), [&](char c) { return word(c) || (c >= '0' && c <= '9'); });
}

bool is_http_url(std::string_view url) {
    const auto lower = util::ascii_lower(url.substr(0, 8));
    return lower.starts_with("http://") || lower.starts_with("https://");
}

// Scheme and host are case-insensitive, a path is not; a trailing '/' changes nothing parley appends to it.
std::string normal_url(std::string_view url) {
    while (!url.empty() && url.back() == '/') {
        url.remove_suffix(1);
    }
    const auto scheme_end = url.find("://");
    const auto host_end = scheme_end == std::string_view::npos ? 0 : url.find('/', scheme_end + 3);
    const auto split = host_end == std::string_view::npos ? url.size() : host_end;
    return util::ascii_lower(url.substr(0, split)) + std::string(url.substr(split));
}

std::string shown(const llm::ResolvedEndpoint& e) {
    const auto url = e.base_url.size() > kMaxShownUrl ? e.base_url.substr(0, kMaxShownUrl) + "..." : e.base_url;
    return url + (e.key_env.empty() ? " (no key)" : " (key " + e.key_env + ")");
}

} // namespace

Result<llm::ResolvedEndpoint> EndpointAllowlist::parse_entry(std::string_view text) {
    llm::ResolvedEndpoint entry{std::string(text), ""};
    // A base URL has no use for '=', so the last one splits off the key variable.
    if (const auto eq = text.rfind('='); eq != std::string_view::npos) {
        entry.base_url = std::string(text.substr(0, eq));
        entry.key_env = std::string(text.substr(eq + 1));
        if (!is_variable_name(entry.key_env)) {
            return fail(ErrorKind::invalid_input, "--allow " + std::string(text) + ": '" + entry.key_env +
                                                      "' is not an environment variable name (URL=NAME)");
        }
    }
    if (!is_http_url(entry.base_url)) {
        return fail(ErrorKind::invalid_input, "--allow " + std::string(text) +
                                                  ": give an http:// or https:// base URL, optionally =KEY_VARIABLE");
    }
    return entry;
}

void EndpointAllowlist::allow(const llm::ResolvedEndpoint& endpoint) {
    llm::ResolvedEndpoint normal{normal_url(endpoint.base_url), endpoint.key_env};
    const bool known = std::any_of(allowed_.begin(), allowed_.end(), [&](const llm::ResolvedEndpoint& e) {
        return e.base_url == normal.base_url && e.key_env == normal.key_env;
    });
    if (!known) {
        allowed_.push_back(std::move(normal));
    }
}

Result<void> EndpointAllowlist::allow_all(const std::vector<llm::ProviderSpec>& specs, const util::Env& env) {
    for (const auto& spec : specs) {
        auto resolved = llm::resolve_endpoint(spec, env);
        if (!resolved) {
            return tl::make_unexpected(resolved.error());
        }
        if (*resolved) {
            allow(**resolved);
        }
    }
    return {};
}

std::optional<std::string> EndpointAllowlist::refusal(const llm::ProviderSpec& spec, const util::Env& env) const {
    auto resolved = llm::resolve_endpoint(spec, env);
    if (!resolved) {
        return resolved.error().message;
    }
    if (!*resolved) {
        return std::nullopt;
    }
    const auto url = normal_url((*resolved)->base_url);
    const bool allowed = std::any_of(allowed_.begin(), allowed_.end(), [&](const llm::ResolvedEndpoint& e) {
        return e.base_url == url && e.key_env == (*resolved)->key_env;
    });
    if (allowed) {
        return std::nullopt;
    }
    // The line ends in Redis's dead letters, so it names what the job asked for, not what this worker allows.
    return "calls " + shown(**resolved) +
           ", which the worker does not allow (start workers with --config of the sweep's configs, or --allow "
           "URL=KEY_VARIABLE)";
}

std::string EndpointAllowlist::describe() const {
    if (allowed_.empty()) {
        return "only the offline provider";
    }
    std::string out;
    for (const auto& e : allowed_) {
        out += (out.empty() ? "" : ", ") + shown(e);
    }
    return out;
}

} // namespace parley::run
