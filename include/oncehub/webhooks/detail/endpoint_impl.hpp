// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind endpoint.hpp.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_ENDPOINT_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_ENDPOINT_IMPL_HPP

#include <utility>

#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/detail/json_input.hpp"
#include "oncehub/webhooks/endpoint.hpp"

namespace oncehub::webhooks::inline v0 {

inline endpoint::endpoint(webhooks::verifier verifier, parser_options options)
    : verifier_(std::move(verifier)), parser_(options) {}

inline endpoint::endpoint(accept_unsigned_deliveries_t, parser_options options) : parser_(options) {}

template <class Body>
inline result<accepted_event> endpoint::receive_at(Body body, std::string_view raw, std::string_view header,
                                                   std::optional<std::chrono::sys_seconds> received_at) {
  std::optional<verification> proof;
  if (verifier_) {
    // The size limit first: an oversized body is refused before any HMAC work.
    if (auto refused = detail::check_body_size(raw.size(), parser_.options().max_body_size)) { return *refused; }
    auto checked = received_at ? verifier_->verify(raw, header, *received_at) : verifier_->verify(raw, header);
    if (!checked) { return checked.error(); }
    proof = *checked;
  }
  auto parsed = parser_.parse(body);
  if (!parsed) { return parsed.error(); }
  return accepted_event(*parsed, proof);
}

inline result<accepted_event> endpoint::receive(std::string_view body, std::string_view header) & {
  return receive_at(body, body, header, std::nullopt);
}
inline result<accepted_event> endpoint::receive(std::string_view body, std::string_view header,
                                                std::chrono::sys_seconds received_at) & {
  return receive_at(body, body, header, received_at);
}
inline result<accepted_event> endpoint::receive(simdjson::padded_string_view body, std::string_view header) & {
  return receive_at(body, std::string_view(body.data(), body.size()), header, std::nullopt);
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_ENDPOINT_IMPL_HPP
