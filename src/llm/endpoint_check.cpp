#include "llm/endpoint_check.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

#include <curl/curl.h>

namespace parley::llm {

namespace {

std::string_view authority_of(std::string_view url) {
    if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
        url.remove_prefix(scheme + 3);
    }
    url = url.substr(0, url.find('/'));
    if (const auto at = url.rfind('@'); at != std::string_view::npos) {
        url.remove_prefix(at + 1);
    }
    return url;
}

std::string port_of(std::string_view url) {
    const std::string_view authority = authority_of(url);
    const auto bracket = authority.rfind(']');
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        return std::string(authority.substr(colon + 1));
    }
    return util::ascii_lower(url.substr(0, 6)) == "https:" ? "443" : "80";
}

const char* getenv_either(const char* upper, const char* lower_name) {
    const char* value = std::getenv(lower_name);
    if (value == nullptr || *value == '\0') {
        value = std::getenv(upper);
    }
    return value != nullptr && *value != '\0' ? value : nullptr;
}

// True when NO_PROXY lists `host` (exactly, as a domain suffix, or "*"), as libcurl reads it.
bool listed_in_no_proxy(const std::string& host) {
    const char* no_proxy = getenv_either("NO_PROXY", "no_proxy");
    if (no_proxy == nullptr) {
        return false;
    }
    std::string_view rest(no_proxy);
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string entry = util::ascii_lower(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        entry.erase(std::remove(entry.begin(), entry.end(), ' '), entry.end());
        if (!entry.empty() && entry.front() == '.') {
            entry.erase(0, 1);
        }
        if (entry == "*" || entry == host ||
            (host.size() > entry.size() && host.ends_with(entry) && host[host.size() - entry.size() - 1] == '.')) {
            return true;
        }
    }
    return false;
}

// What the system said of the failed connect ("connection refused", "no route to host"), in lower case.
std::string cause_of(int os_errno) {
    if (os_errno == 0) {
        return "cannot connect";
    }
    return util::ascii_lower(std::strerror(os_errno));
}

// What to start, or what to check, for a server that is not there.
std::string start_hint(const UnreachableEndpoint& e) {
    const std::string port = port_of(e.base_url);
    const bool local = is_loopback(host_of(e.base_url));
    if (e.kind == "ollama" || port == "11434") {
        return "is Ollama running? Start it with `ollama serve`, or check baseUrl";
    }
    if (e.kind == "vllm") {
        return "is the vLLM server running? Start it with `vllm serve MODEL`, or check baseUrl";
    }
    if (e.kind == "llamacpp") {
        return "is llama-server running? Start it with `llama-server -m MODEL.gguf`, or check baseUrl";
    }
    if (local) {
        return "is the server running on port " + port + "? Start it, or check baseUrl";
    }
    return "check baseUrl and that the server is up";
}

} // namespace

std::string host_of(std::string_view url) {
    const std::string_view authority = authority_of(url);
    if (!authority.empty() && authority.front() == '[') {
        return std::string(authority.substr(0, authority.find(']') + 1));
    }
    return util::ascii_lower(authority.substr(0, authority.find(':')));
}

std::string host_and_port(std::string_view url) {
    return host_of(url) + ":" + port_of(url);
}

bool is_loopback(std::string_view host) {
    return host == "localhost" || host == "[::1]" || host.substr(0, 4) == "127.";
}

bool is_unreachable(int curl_code, bool connected) {
    switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return true;
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
        return !connected;
    default:
        return false;
    }
}

std::string proxy_variable_for(std::string_view url) {
    const std::string host = host_of(url);
    if (is_loopback(host) || listed_in_no_proxy(host)) {
        return {};
    }
    const bool https = util::ascii_lower(url.substr(0, 6)) == "https:";
    // libcurl reads only the lower-case http_proxy, against the httpoxy attack; the others in either case.
    if (https) {
        if (const char* value = std::getenv("https_proxy"); value != nullptr && *value != '\0') {
            return "https_proxy";
        }
        if (const char* value = std::getenv("HTTPS_PROXY"); value != nullptr && *value != '\0') {
            return "HTTPS_PROXY";
        }
    } else if (const char* value = std::getenv("http_proxy"); value != nullptr && *value != '\0') {
        return "http_proxy";
    }
    if (const char* value = std::getenv("all_proxy"); value != nullptr && *value != '\0') {
        return "all_proxy";
    }
    if (const char* value = std::getenv("ALL_PROXY"); value != nullptr && *value != '\0') {
        return "ALL_PROXY";
    }
    return {};
}

std::string unreachable_message(const UnreachableEndpoint& e) {
    const std::string where = host_and_port(e.base_url);
    const std::string host = host_of(e.base_url);
    std::string text = e.label + ": ";
    switch (static_cast<CURLcode>(e.curl_code)) {
    case CURLE_COULDNT_RESOLVE_PROXY:
        return text + "cannot resolve the proxy host named in " +
               (e.proxy_variable.empty() ? std::string("the proxy variables") : e.proxy_variable) +
               "; check it, or add " + host + " to NO_PROXY";
    case CURLE_COULDNT_RESOLVE_HOST:
        text += "cannot resolve the host name " + host + "; check the host in baseUrl (and your DNS or VPN)";
        break;
    case CURLE_OPERATION_TIMEDOUT:
        text += "no connection to " + where + " within " + std::to_string(e.connect_limit_ms) + " ms; " +
                start_hint(e) + " (a firewall or a wrong address looks the same)";
        break;
    default:
        text += cause_of(e.os_errno) + " at " + where + "; " + start_hint(e);
        break;
    }
    if (!e.proxy_variable.empty()) {
        text +=
            "; requests go through the proxy in " + e.proxy_variable + " (add " + host + " to NO_PROXY to go direct)";
    }
    return text;
}

} // namespace parley::llm
