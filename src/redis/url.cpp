#include "redis/url.hpp"

#include <charconv>

namespace parley::sweep {

namespace {

// The URL with any password replaced, so an error about it never shows the secret.
std::string masked(std::string_view text) {
    const auto scheme_end = text.find("://");
    const std::size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
    const auto at = text.find('@', start);
    if (at == std::string_view::npos) {
        return std::string(text);
    }
    const auto colon = text.find(':', start);
    if (colon == std::string_view::npos || colon > at) {
        return std::string(text);
    }
    return std::string(text.substr(0, colon + 1)) + "***" + std::string(text.substr(at));
}

Result<int> parse_int(std::string_view digits, int low, int high, std::string_view what, std::string_view url) {
    int value = 0;
    const auto* end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
    if (digits.empty() || ec != std::errc() || ptr != end || value < low || value > high) {
        return fail(ErrorKind::invalid_input, "redis URL '" + std::string(url) + "': " + std::string(what) + " '" +
                                                  std::string(digits) + "' is not a number from " +
                                                  std::to_string(low) + " to " + std::to_string(high));
    }
    return value;
}

// Takes "[user]:password@" (or "password@") off the front of `rest` into `url`; what is wrong with it, if anything.
std::optional<std::string> take_userinfo(std::string_view& rest, RedisUrl& url) {
    const auto at = rest.rfind('@');
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
        // redis://secret@host is the common shorthand for a password alone.
        url.password = std::string(userinfo);
    } else {
        url.username = std::string(userinfo.substr(0, colon));
        url.password = std::string(userinfo.substr(colon + 1));
    }
    if (url.password.empty()) {
        return "the password before '@' is empty";
    }
    return std::nullopt;
}

// Splits "host[:port]" or "[v6 host][:port]" into `host` and `port` (empty when absent); what is wrong, if anything.
std::optional<std::string> split_host_port(std::string_view hostport, std::string& host, std::string_view& port) {
    if (!hostport.empty() && hostport.front() == '[') {
        const auto close = hostport.find(']');
        if (close == std::string_view::npos) {
            return "the IPv6 host has no closing ']'";
        }
        host = std::string(hostport.substr(1, close - 1));
        const std::string_view after = hostport.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                return "unexpected text after the IPv6 host";
            }
            port = after.substr(1);
            if (port.empty()) {
                return "the port after ':' is empty";
            }
        }
    } else if (const auto colon = hostport.find(':'); colon != std::string_view::npos) {
        host = std::string(hostport.substr(0, colon));
        port = hostport.substr(colon + 1);
        if (port.empty()) {
            return "the port after ':' is empty";
        }
    } else {
        host = std::string(hostport);
    }
    return std::nullopt;
}

// What makes `host` no host name, if anything.
std::optional<std::string> host_problem(const std::string& host) {
    if (host.empty()) {
        return "the host is empty";
    }
    for (const char c : host) {
        if (c <= ' ' || c == '/' || c == '@' || c == '?' || c == '#') {
            return "the host '" + host + "' has a character a host name cannot have";
        }
    }
    return std::nullopt;
}

} // namespace

std::string RedisUrl::display() const {
    const bool v6 = host.find(':') != std::string::npos;
    return "redis://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(db);
}

Result<RedisUrl> parse_redis_url(std::string_view text) {
    const std::string shown = masked(text);
    auto bad = [&](const std::string& what) {
        return fail(ErrorKind::invalid_input,
                    "redis URL '" + shown + "': " + what + " (expected redis://[[user]:password@]host[:port][/db])");
    };
    constexpr std::string_view kScheme = "redis://";
    if (text.substr(0, kScheme.size()) != kScheme) {
        if (text.substr(0, 9) == "rediss://") {
            return bad("TLS (rediss://) is not supported; use redis:// over a trusted network or a tunnel");
        }
        return bad("it does not start with redis://");
    }
    std::string_view rest = text.substr(kScheme.size());
    RedisUrl url;
    if (auto problem = take_userinfo(rest, url)) {
        return bad(*problem);
    }
    std::string_view hostport = rest;
    if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
        hostport = rest.substr(0, slash);
        const std::string_view db = rest.substr(slash + 1);
        if (!db.empty()) {
            auto number = parse_int(db, 0, 65535, "database", shown);
            if (!number) {
                return tl::make_unexpected(number.error());
            }
            url.db = *number;
        }
    }
    std::string_view port;
    if (auto problem = split_host_port(hostport, url.host, port)) {
        return bad(*problem);
    }
    if (auto problem = host_problem(url.host)) {
        return bad(*problem);
    }
    if (!port.empty()) {
        auto number = parse_int(port, 1, 65535, "port", shown);
        if (!number) {
            return tl::make_unexpected(number.error());
        }
        url.port = *number;
    }
    return url;
}

} // namespace parley::sweep
