#pragma once
// What to tell a user whose provider endpoint cannot be reached: which endpoint, why, and the likely fix (start the
// server, check baseUrl, the host name, a proxy). Shared by the check before a run and by failed calls during one.

#include <string>
#include <string_view>

namespace parley::llm {

/// An endpoint that could not be reached, and how the attempt failed.
struct UnreachableEndpoint {
    std::string label;          ///< the provider's label, e.g. "ollama (http://127.0.0.1:11434/v1)"
    std::string kind;           ///< the config's provider kind ("ollama", "openai", ...)
    std::string base_url;       ///< without user info
    int curl_code = 0;          ///< libcurl's code for the failure
    int os_errno = 0;           ///< the system's error of the failed connect (ECONNREFUSED, ...), 0 when unknown
    long connect_limit_ms = 0;  ///< the connect limit that ran out, for a timeout
    std::string proxy_variable; ///< the variable naming the proxy the request went through; empty when direct
};

/// The host a URL names, without user info or port ("127.0.0.1", "[::1]", "api.openai.com").
std::string host_of(std::string_view url);

/// "host:port" for a URL, the port taken from the scheme (80, 443) when the URL has none.
std::string host_and_port(std::string_view url);

/// True for the loopback names and addresses, which no proxy can reach.
bool is_loopback(std::string_view host);

/// True when a failure with this libcurl code means the endpoint was never reached: connection refused, host or
/// proxy name unknown, or a timeout before any connection was made (`connected` false).
bool is_unreachable(int curl_code, bool connected);

/// The proxy variable libcurl takes for `url` from the environment ("HTTPS_PROXY", "http_proxy", "ALL_PROXY"), or ""
/// when the request goes direct (none set, a loopback host, or the host listed in NO_PROXY).
std::string proxy_variable_for(std::string_view url);

/// One line saying which endpoint cannot be reached, why, and what to do: "ollama (http://127.0.0.1:11434/v1):
/// connection refused at 127.0.0.1:11434; is Ollama running? Start it with `ollama serve`, or check baseUrl". What
/// went wrong comes first and the advice after a "; ", so a display short of room can keep the first part.
std::string unreachable_message(const UnreachableEndpoint& endpoint);

} // namespace parley::llm
