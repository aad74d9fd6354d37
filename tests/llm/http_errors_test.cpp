#include <catch2/catch.hpp>

#include <curl/curl.h>

#include "llm/http_client.hpp"
#include "llm/http_errors.hpp"

using parley::ErrorKind;
using parley::RetryReason;
using parley::llm::error_object_error;
using parley::llm::ErrorContext;
using parley::llm::http_status_error;
using parley::llm::provider_message;
using parley::llm::transport_error_kind;
using parley::llm::transport_retry_reason;

namespace {

const ErrorContext kContext{"openai (https://api.openai.com/v1)", "OPENAI_API_KEY", ""};

std::string openai_body(const std::string& message, const std::string& code = "") {
    return "{\"error\":{\"message\":\"" + message +
           "\",\"type\":\"x\",\"code\":" + (code.empty() ? "null" : "\"" + code + "\"") + "}}";
}

} // namespace

TEST_CASE("the provider's own message is found in every common error shape", "[llm]") {
    CHECK(provider_message(openai_body("Bad model")) == "Bad model");
    CHECK(provider_message("{\"error\":\"plain string\"}") == "plain string");
    CHECK(provider_message("{\"message\":\"top-level\"}") == "top-level");
    CHECK(provider_message("<html>\n<body>Bad Gateway</body>\n</html>") == "<html> <body>Bad Gateway</body> </html>");
    CHECK(provider_message(std::string(1000, 'x')).size() == 300);
}

TEST_CASE("transient statuses are classified transient with status and message", "[llm]") {
    for (long status : {408L, 409L, 429L, 500L, 502L, 503L, 504L, 529L}) {
        const auto error = http_status_error(status, openai_body("try later"), kContext);
        INFO(status);
        CHECK(error.kind == ErrorKind::transient);
        CHECK(error.http_status == status);
        CHECK(error.message.find("try later") != std::string::npos);
        CHECK(error.message.find("HTTP " + std::to_string(status)) != std::string::npos);
        CHECK(error.message.rfind(kContext.label, 0) == 0);
    }
}

TEST_CASE("permanent statuses are classified permanent with status and message", "[llm]") {
    for (long status : {400L, 404L, 422L}) {
        const auto error = http_status_error(status, openai_body("bad request body"), kContext);
        INFO(status);
        CHECK(error.kind == ErrorKind::permanent);
        CHECK(error.http_status == status);
        CHECK(error.message.find("bad request body") != std::string::npos);
    }
    CHECK(http_status_error(404, "{}", kContext).message.find("check baseUrl and the model name") != std::string::npos);
    const auto moved = http_status_error(301, "", kContext);
    CHECK(moved.kind == ErrorKind::permanent);
    CHECK(moved.message.find("check baseUrl") != std::string::npos);
}

TEST_CASE("401 and 403 are auth errors naming the key variable", "[llm]") {
    for (long status : {401L, 403L}) {
        const auto error =
            http_status_error(status, openai_body("Incorrect API key provided", "invalid_api_key"), kContext);
        INFO(status);
        CHECK(error.kind == ErrorKind::auth);
        CHECK(error.http_status == status);
        CHECK(error.message.find("OPENAI_API_KEY") != std::string::npos);
        CHECK(error.message.find("Incorrect API key provided") != std::string::npos);
    }
    const auto keyless = http_status_error(401, "{}", ErrorContext{"ollama (http://127.0.0.1:11434/v1)", "", ""});
    CHECK(keyless.kind == ErrorKind::auth);
    CHECK(keyless.message.find("set apiKeyEnv") != std::string::npos);
}

TEST_CASE("402 and an insufficient_quota 429 say plainly that quota ran out", "[llm]") {
    const auto payment = http_status_error(402, openai_body("Insufficient credits"), kContext);
    CHECK(payment.kind == ErrorKind::quota);
    CHECK(payment.http_status == 402);
    CHECK(payment.message.find("out of credits or over quota") != std::string::npos);
    CHECK(payment.message.find("Insufficient credits") != std::string::npos);
    const auto quota =
        http_status_error(429, openai_body("You exceeded your current quota", "insufficient_quota"), kContext);
    CHECK(quota.kind == ErrorKind::quota);
    CHECK(quota.http_status == 429);
}

TEST_CASE("context length and content filter errors are permanent", "[llm]") {
    const auto context =
        http_status_error(400, openai_body("maximum context length is 8192", "context_length_exceeded"), kContext);
    CHECK(context.kind == ErrorKind::permanent);
    CHECK(context.message.find("longer than the model's context") != std::string::npos);
    const auto filter = http_status_error(400, openai_body("flagged", "content_filter"), kContext);
    CHECK(filter.kind == ErrorKind::permanent);
    CHECK(filter.message.find("content filter") != std::string::npos);
}

TEST_CASE("error objects in a 200 response are classified by their code", "[llm]") {
    const auto overloaded =
        error_object_error(nlohmann::json::parse(R"({"message":"Overloaded","code":502})"), 200, kContext);
    CHECK(overloaded.kind == ErrorKind::transient);
    CHECK(overloaded.http_status == 502);
    CHECK(overloaded.message.find("Overloaded") != std::string::npos);
    const auto server =
        error_object_error(nlohmann::json::parse(R"({"message":"boom","type":"server_error"})"), 200, kContext);
    CHECK(server.kind == ErrorKind::transient);
    const auto invalid =
        error_object_error(nlohmann::json::parse(R"({"message":"bad","type":"invalid_request_error"})"), 200, kContext);
    CHECK(invalid.kind == ErrorKind::permanent);
    const auto quota = error_object_error(
        nlohmann::json::parse(R"({"message":"no money","code":"insufficient_quota"})"), 200, kContext);
    CHECK(quota.kind == ErrorKind::quota);
}

TEST_CASE("an HTTP error carries its retry reason, the provider's words and who made it", "[llm]") {
    const auto limited = http_status_error(429, openai_body("slow down"), kContext);
    CHECK(limited.retry_reason == RetryReason::rate_limited);
    CHECK(limited.provider_message == "slow down");
    CHECK(limited.provider == kContext.label);
    CHECK(http_status_error(503, "{}", kContext).retry_reason == RetryReason::server_error);
    CHECK(http_status_error(408, "{}", kContext).retry_reason == RetryReason::timeout);
    CHECK(http_status_error(409, "{}", kContext).retry_reason == RetryReason::unknown);
    // A body that talks of rate limits does not make a 400 a rate-limit failure.
    CHECK(http_status_error(400, openai_body("rate limit of your plan"), kContext).retry_reason ==
          RetryReason::unknown);
    const auto mid =
        error_object_error(nlohmann::json::parse(R"({"message":"boom","type":"server_error"})"), 200, kContext);
    CHECK(mid.retry_reason == RetryReason::server_error);
    CHECK(mid.provider_message == "boom");
}

TEST_CASE("a transfer that never connected is unreachable, a timed-out one a timeout, the rest a connection failure",
          "[llm]") {
    CHECK(transport_retry_reason(static_cast<int>(CURLE_OPERATION_TIMEDOUT)) == RetryReason::timeout);
    CHECK(transport_retry_reason(static_cast<int>(CURLE_OPERATION_TIMEDOUT), false) == RetryReason::unreachable);
    for (CURLcode code : {CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY}) {
        INFO(code);
        CHECK(transport_retry_reason(static_cast<int>(code), false) == RetryReason::unreachable);
    }
    for (CURLcode code : {CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING}) {
        INFO(code);
        CHECK(transport_retry_reason(static_cast<int>(code)) == RetryReason::connection);
    }
}

TEST_CASE("transport failures a retry may cure are transient, the rest permanent", "[llm]") {
    for (CURLcode code : {CURLE_COULDNT_CONNECT, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE,
                          CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING, CURLE_COULDNT_RESOLVE_HOST}) {
        INFO(code);
        CHECK(transport_error_kind(static_cast<int>(code)) == ErrorKind::transient);
    }
    for (CURLcode code :
         {CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE}) {
        INFO(code);
        CHECK(transport_error_kind(static_cast<int>(code)) == ErrorKind::permanent);
    }
}
