#pragma once
// Whether a Markdown link destination in untrusted text may stay a link: decided on the destination as a
// CommonMark renderer decodes it (entities and backslash escapes), against an allowlist of schemes.

#include <string>
#include <string_view>

namespace parley::report {

/// The first `limit` bytes of the destination that opens `rest` (the text after "](" or "]:"), decoded as CommonMark
/// decodes a destination: spaces skipped, "<...>" or raw form, backslash escapes of ASCII punctuation, and entity
/// references (decimal, hex and the named ones that spell URL syntax). An entity it does not know stays as written.
std::string decoded_destination(std::string_view rest, std::size_t limit = 32);

/// True when the destination opening `rest` is empty, an in-document anchor ("#..."), or an http:, https: or
/// mailto: URL once decoded; anything else (javascript: written as "&#106;avascript:" or "javascript&colon;", a
/// relative path, a destination on the next line) is not safe, and the caller takes its link syntax away.
bool is_safe_link_destination(std::string_view rest);

/// `relative_path` (a file a page links, relative to the page's folder, '/'-separated) as an href: every byte but
/// unreserved URL characters and '/' percent-encoded, so a ':' cannot make it a scheme (javascript:), a '#' or '?'
/// cannot cut it, and quotes cannot end the attribute. Empty and absolute paths give "" (no link).
std::string relative_file_href(std::string_view relative_path);

} // namespace parley::report
