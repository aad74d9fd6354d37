#pragma once
// `parley runs DIR --html index.html`: one self-contained page listing every run found, linking each report and
// comparison, with a table a person sorts and filters. Its only script is inline and pinned by hash in its CSP.

#include <string>
#include <string_view>

#include "report/run_index.hpp"

namespace parley::report {

/// The page's script: sorting by a column and filtering by text and kind. The page works without it.
std::string_view run_index_script();

/// The page's Content-Security-Policy: the reports' (no request to any host) plus the one script, by its hash.
std::string run_index_csp();

/// The page for `index`; every link is relative to the folder the page is written in, which is `index.folder`.
std::string render_run_index_html(const RunIndex& index);

} // namespace parley::report
