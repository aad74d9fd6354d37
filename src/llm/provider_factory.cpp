#include "llm/provider_factory.hpp"

#include "llm/offline_provider.hpp"

namespace parley::llm {

Result<std::shared_ptr<Provider>> make_provider(const ProviderSpec& spec, const util::Env& env) {
    (void)env;
    if (spec.kind == "offline") {
        return std::make_shared<OfflineProvider>(spec.seed);
    }
    return fail(ErrorKind::config, "provider \"" + spec.kind + "\" is not available in this build");
}

} // namespace parley::llm
