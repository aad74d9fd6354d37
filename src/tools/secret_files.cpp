#include "tools/secret_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <vector>

namespace parley::tools {

namespace {

std::string lowered(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// Folders whose every file is a credential or a repository's internals (remotes with tokens, hooks, history).
constexpr std::array<std::string_view, 5> kSecretFolders{".git", ".ssh", ".aws", ".gnupg", ".docker"};

// Files that hold credentials by convention, named exactly.
constexpr std::array<std::string_view, 9> kSecretNames{
    ".netrc", "_netrc", ".npmrc", ".pypirc", ".pgpass", ".git-credentials", ".htpasswd", ".dockercfg", ".boto"};

// Key and certificate stores by extension.
constexpr std::array<std::string_view, 8> kSecretExtensions{".pem", ".key",      ".p12", ".pfx",
                                                            ".jks", ".keystore", ".ppk", ".asc"};

std::optional<std::string> name_reason(const std::string& name) {
    if (starts_with(name, ".env")) {
        return "an environment file (.env*)";
    }
    if (starts_with(name, "id_")) {
        return "an SSH key (id_*)";
    }
    for (const auto exact : kSecretNames) {
        if (name == exact) {
            return "a credentials file (" + std::string(exact) + ")";
        }
    }
    for (const auto extension : kSecretExtensions) {
        if (ends_with(name, extension)) {
            return "a key or certificate store (*" + std::string(extension) + ")";
        }
    }
    if (name.find("credentials") != std::string::npos) {
        return "a credentials file (*credentials*)";
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> secret_file_reason(const std::filesystem::path& relative) {
    std::vector<std::string> parts;
    for (const auto& part : relative) {
        parts.push_back(lowered(part.string()));
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const bool last = i + 1 == parts.size();
        for (const auto folder : kSecretFolders) {
            if (parts[i] == folder) {
                return "inside " + std::string(folder) + "/";
            }
        }
        // A folder named like a secret file (.env/, credentials/) holds the same secrets.
        if (auto reason = name_reason(parts[i])) {
            return last ? *reason : *reason + " folder";
        }
    }
    return std::nullopt;
}

} // namespace parley::tools
