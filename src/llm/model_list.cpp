#include "llm/model_list.hpp"

#include <nlohmann/json.hpp>

#include "llm/endpoint_check.hpp"
#include "llm/http_client.hpp"
#include "util/json_document.hpp"

namespace parley::llm {

namespace {

// Far above a long model list (a few hundred ids), far below harm.
constexpr std::size_t kMaxListBytes = 4 * 1024 * 1024;

} // namespace

Result<std::vector<std::string>> list_models(const std::string& base_url, const std::string& api_key,
                                             std::chrono::milliseconds limit) {
    std::string base = base_url;
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    HttpRequest request;
    request.method = HttpMethod::get;
    request.url = base + "/models";
    request.headers.push_back("Accept: application/json");
    if (!api_key.empty()) {
        request.headers.push_back("Authorization: Bearer " + api_key);
    }
    const long ms = static_cast<long>(limit.count());
    request.timeouts = Timeouts{ms, ms, ms, ms};
    request.bypass_proxy = is_loopback(host_of(base));
    std::string body;
    bool too_large = false;
    HttpClient client;
    const auto outcome = client.post(request, std::stop_token(), [&](long, const HeaderMap&, std::string_view bytes) {
        too_large = body.size() + bytes.size() > kMaxListBytes;
        if (!too_large) {
            body.append(bytes);
        }
        return !too_large;
    });
    const std::string where = "GET " + request.url;
    if (outcome.status == 0) {
        // Refused at once or silent until the limit: libcurl's words say which.
        return fail(ErrorKind::transient, where + ": no answer" +
                                              (outcome.curl_message.empty() ? " within " + std::to_string(ms) + " ms"
                                                                            : " (" + outcome.curl_message + ")"));
    }
    if (outcome.status != 200) {
        return fail(ErrorKind::permanent, where + ": HTTP " + std::to_string(outcome.status));
    }
    const auto list = util::parse_json_bounded(too_large ? std::string() : body);
    const auto data = list.is_object() ? list.find("data") : list.end();
    if (!list.is_object() || data == list.end() || !data->is_array()) {
        return fail(ErrorKind::permanent, where + ": the answer is not a model list");
    }
    std::vector<std::string> ids;
    for (const auto& model : *data) {
        if (model.is_object() && model.contains("id") && model["id"].is_string() &&
            !model["id"].get<std::string>().empty()) {
            ids.push_back(model["id"].get<std::string>());
        }
    }
    return ids;
}

} // namespace parley::llm
