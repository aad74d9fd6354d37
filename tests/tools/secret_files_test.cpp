#include <catch2/catch.hpp>

#include "tools/secret_files.hpp"

using parley::tools::secret_file_reason;

TEST_CASE("files that commonly hold secrets are never read", "[tools][secrets]") {
    for (const char* path : {".env",
                             ".env.local",
                             "config/.env.production",
                             ".envrc",
                             "server.pem",
                             "tls/server.key",
                             "id_rsa",
                             "keys/id_ed25519.pub",
                             ".netrc",
                             ".npmrc",
                             ".pypirc",
                             "credentials",
                             "aws/credentials",
                             "gcp-credentials.json",
                             ".git/config",
                             "sub/.git/HEAD",
                             ".ssh/known_hosts",
                             ".aws/config",
                             "store.p12",
                             ".pgpass",
                             ".git-credentials",
                             ".ENV",
                             "Server.PEM"}) {
        INFO(path);
        REQUIRE(secret_file_reason(path).has_value());
    }
}

TEST_CASE("ordinary documents are readable", "[tools][secrets]") {
    for (const char* path : {"capacity.md", "docs/runbook.md", "environment.md", "keys.md", "monkey.txt",
                             "config/queue.yaml", "gitignore-notes.md", "ideas_for_identity.md"}) {
        INFO(path);
        REQUIRE_FALSE(secret_file_reason(path).has_value());
    }
}
