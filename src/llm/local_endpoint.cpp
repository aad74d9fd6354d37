#include "llm/local_endpoint.hpp"

#include "llm/endpoint_check.hpp"
#include "util/text.hpp"

namespace parley::llm {

bool is_local_endpoint(std::string_view kind, std::string_view base_url) {
    if (kind == "ollama") {
        return true;
    }
    if (base_url.empty()) {
        // Where make_provider sends these kinds when the config names no baseUrl: this machine.
        return kind == "vllm" || kind == "llamacpp";
    }
    return is_loopback(util::ascii_lower(host_of(base_url)));
}

} // namespace parley::llm
