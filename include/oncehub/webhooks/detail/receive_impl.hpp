// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind receive.hpp.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_RECEIVE_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_RECEIVE_IMPL_HPP

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <utility>

#include "oncehub/webhooks/detail/receive_text.hpp"

namespace oncehub::webhooks::inline v0 {

// ---------------------------------------------------------------------------------------
// receiver

struct receiver::worker {
  worker(const receiver& core, webhooks::endpoint e) : endpoint(std::move(e)), request(core) {}
  webhooks::endpoint endpoint;
  receive_request request;  // for `this_thread_request`
};

inline receiver::receiver(webhooks::verifier verifier, const webhooks::router& router, dedup_store* dedup,
                          receive_options options, observer on_record)
    : verifier_(std::move(verifier)),
      router_(&router),
      dedup_(dedup),
      options_(std::move(options)),
      on_record_(std::move(on_record)),
      instance_(detail::http::next_receiver_instance.fetch_add(1)) {}

inline receiver::receiver(accept_unsigned_deliveries_t, const webhooks::router& router, dedup_store* dedup,
                          receive_options options, observer on_record)
    : router_(&router),
      dedup_(dedup),
      options_(std::move(options)),
      on_record_(std::move(on_record)),
      instance_(detail::http::next_receiver_instance.fetch_add(1)) {}

inline receiver::worker& receiver::this_thread_worker() const {
  // One endpoint, so one parser, per thread and receiver: a parser is not thread-safe,
  // and a warm one parses without allocating. Keyed by the receiver's instance number
  // (never its address, which a later receiver may reuse); a few receivers per thread
  // are kept, the oldest replaced first.
  struct slot {
    std::uint64_t owner = 0;
    std::unique_ptr<worker> w;
  };
  thread_local std::array<slot, 4> slots;
  thread_local std::size_t next_slot = 0;
  for (slot& s : slots) {
    if (s.owner == instance_) { return *s.w; }
  }
  slot& s = slots[next_slot++ % slots.size()];
  s.owner = 0;
  s.w.reset();
  parser_options parsing;
  parsing.max_body_size = options_.max_body;
  if (verifier_) {
    s.w = std::make_unique<worker>(*this, webhooks::endpoint{*verifier_, parsing});
  } else {
    s.w = std::make_unique<worker>(*this, webhooks::endpoint{accept_unsigned_deliveries, parsing});
  }
  s.owner = instance_;
  return *s.w;
}

inline receive_request& receiver::this_thread_request() const { return this_thread_worker().request; }

// ---------------------------------------------------------------------------------------
// receive_request

inline void receive_request::start(std::string_view method, std::string_view target,
                                   std::chrono::steady_clock::time_point first_byte) {
  phase_ = phase::head;
  started_ = first_byte;
  method_.assign(method);
  target_.assign(target);
  signature_.clear();
  body_.clear();
  refused_ = {};
  refused_status_ = 400;
  signature_lines_ = 0;
  content_length_lines_ = 0;
  transfer_encoding_lines_ = 0;
  header_length_.reset();
  conflicting_lengths_ = false;
  transfer_encoding_chunked_ = false;
  expect_continue_ = false;
  logged_ = false;
  over_limit_ = false;
  discarded_ = 0;
  record_ = receive_record{};
  answer_ = receive_answer{};
}

inline void receive_request::header(std::string_view name, std::string_view value) {
  if (phase_ != phase::head || !refused_.empty()) { return; }
  // RFC 9112 section 5.1: no whitespace between the name and the colon, and a name is a
  // token; section 5.2: a line that starts with whitespace continues the previous one
  // (obs-fold), which we refuse rather than unfold.
  if (!name.empty() && (name.front() == ' ' || name.front() == '\t')) {
    refused_ = "obs_fold";
    return;
  }
  if (name.empty() || !std::all_of(name.begin(), name.end(), detail::http::is_tchar)) {
    refused_ = "field_name_invalid";
    return;
  }
  // RFC 9110 section 5.5: CR, LF and NUL are never part of a field value.
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    refused_ = "field_value_invalid";
    return;
  }
  value = detail::http::trim_ows(value);
  if (detail::http::iequals(name, signature_header_name)) {
    // RFC 9110 section 5.3: several lines of a field are one value, joined by commas. A
    // second line is then part of the value the signature parser sees (a second `t=`
    // makes it malformed), never silently dropped.
    if (signature_.size() + value.size() + 1 > core_->options_.max_signature_header) {
      refused_ = "signature_header_too_long";
      refused_status_ = 431;
      return;
    }
    if (signature_lines_++ > 0) { signature_ += ','; }
    signature_.append(value);
  } else if (detail::http::iequals(name, "content-length")) {
    ++content_length_lines_;
    std::uint64_t length = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (value.empty() || ec != std::errc{} || end != value.data() + value.size() ||
        (header_length_ && *header_length_ != length)) {
      conflicting_lengths_ = true;
    }
    header_length_ = length;
  } else if (detail::http::iequals(name, "transfer-encoding")) {
    ++transfer_encoding_lines_;
    transfer_encoding_chunked_ = detail::http::iequals(value, "chunked");
  } else if (detail::http::iequals(name, "expect")) {
    expect_continue_ = detail::http::iequals(value, "100-continue");
  }
}

inline void receive_request::decide(int status, std::string_view outcome, std::string_view error, bool logged) {
  record_.status = status;
  record_.outcome = outcome;
  record_.error = error;
  answer_.status = status;
  answer_.body = detail::http::answer_body(outcome);
  logged_ = logged;
}

inline void receive_request::emit() {
  if (!logged_) { return; }
  logged_ = false;  // once per request
  record_.elapsed = std::chrono::steady_clock::now() - started_;
  if (!core_->on_record_) { return; }
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
  try {
    core_->on_record_(record_);
  } catch (...) {
    // A failing log must not change the answer.
  }
#else
  core_->on_record_(record_);
#endif
}

inline bool receive_request::answer_early(bool has_body, std::optional<std::uint64_t> content_length) {
  if (!has_body) {
    phase_ = phase::done;
    emit();
    return false;
  }
  // The body was declared but will not be used: drain it so the connection can be kept,
  // unless it is too long to be worth it, or the sender waits for `100 Continue` (it
  // will not send the body; closing is the only unambiguous end).
  if (expect_continue_ || (content_length && *content_length > core_->options_.max_discard)) {
    answer_.close = true;
    phase_ = phase::done;
    emit();
    return false;
  }
  phase_ = phase::discard;
  return true;
}

inline bool receive_request::end_of_head(std::optional<std::uint64_t> content_length, bool chunked) {
  if (phase_ != phase::head) { return false; }
  const receive_options& options = core_->options_;
  const bool has_body = chunked || (content_length && *content_length > 0);
  record_.bytes = content_length.value_or(0);

  // Framing first: a request whose framing cannot be trusted ends the connection
  // (RFC 9112 section 6.3: Content-Length beside Transfer-Encoding, an unknown coding,
  // conflicting lengths).
  std::string_view framing_error = refused_;
  if (framing_error.empty()) {
    if (transfer_encoding_lines_ > 0 && content_length_lines_ > 0) {
      framing_error = "content_length_with_transfer_encoding";
    } else if (transfer_encoding_lines_ > 1 || (transfer_encoding_lines_ == 1 && !transfer_encoding_chunked_) ||
               (chunked && transfer_encoding_lines_ == 0)) {
      framing_error = "transfer_encoding_unsupported";
    } else if (conflicting_lengths_ || (content_length && header_length_ && *content_length != *header_length_)) {
      framing_error = "content_length_invalid";
    }
  }
  if (!framing_error.empty()) {
    decide(refused_.empty() ? 400 : refused_status_, to_string(outcome::malformed), framing_error, true);
    answer_.close = true;
    phase_ = phase::done;
    emit();
    return false;
  }

  // The target: the path, without the query.
  std::string_view path = target_;
  // RFC 9112 section 3.2.2: a server accepts the absolute-form (`http://host/path`), as
  // sent to proxies; its path is what is matched.
  for (const std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
    if (detail::http::istarts_with(path, scheme)) {
      const std::size_t slash = path.find('/', scheme.size());
      path = slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
      break;
    }
  }
  path = path.substr(0, path.find('?'));
  const bool post = method_ == "POST";
  if (path != options.path) {
    const std::string_view hint = detail::http::near_miss(path, options.path);
    decide(404, "not_found", hint.empty() ? std::string_view{} : "path_near_miss", post && !hint.empty());
    if (post && !hint.empty()) {
      record_.target = target_;
      record_.hint = hint;
      record_.expected = options.path;
    }
    return answer_early(has_body, content_length);
  }
  if (!post) {
    decide(405, "method_not_allowed", {}, false);
    answer_.allow = "POST";
    return answer_early(has_body, content_length);
  }
  if (!content_length && !chunked) {
    // RFC 9112 section 6.3: without Content-Length or chunked, a request has no body.
    // A delivery always has one: 411, and the connection stays usable.
    decide(411, to_string(outcome::malformed), "length_required", true);
    phase_ = phase::done;
    emit();
    return false;
  }
  if (content_length && *content_length > options.max_body) {
    decide(413, to_string(outcome::too_large), to_string(errc::too_large), true);
    return answer_early(has_body, content_length);
  }
  if (expect_continue_ && has_body && content_length && signature_lines_ == 0 && core_->verifier_ &&
      !options.bare_200) {
    // Decided by the head alone: signatures are checked and none was sent. The endpoint
    // answers the same for every body within the limit (it checks the verifier's
    // configuration, then the header, before it reads a byte of the body: 401
    // signature_header_missing, or 500 signature_no_secret), so it is asked now, with no
    // body, and `100 Continue` never invites a body that cannot change the answer (RFC 9110
    // section 10.1.1: a final status instead of 100; the connection then closes). Without
    // `Expect`, the body is on its way anyway and is read as before.
    run_delivery(std::string_view{});
    return answer_early(has_body, content_length);
  }
  phase_ = phase::body;
  if (content_length) { body_.reserve(static_cast<std::size_t>(*content_length) + simdjson::SIMDJSON_PADDING); }
  return true;
}

inline bool receive_request::body(std::string_view bytes) {
  if (phase_ == phase::discard || (phase_ == phase::body && over_limit_)) {
    discarded_ += bytes.size();
    return discarded_ <= core_->options_.max_discard;
  }
  if (phase_ != phase::body) { return false; }
  if (bytes.size() > core_->options_.max_body - body_.size()) {
    // A chunked body past the cap: drained like a declared one (up to max_discard).
    over_limit_ = true;
    discarded_ += body_.size() + bytes.size();
    return discarded_ <= core_->options_.max_discard;
  }
  body_.append(bytes);
  return true;
}

inline const receive_answer& receive_request::finish(bool complete) {
  if (phase_ == phase::discard) {
    if (!complete || discarded_ > core_->options_.max_discard) { answer_.close = true; }
    phase_ = phase::done;
    emit();
    return answer_;
  }
  if (phase_ != phase::body) { return answer_; }
  phase_ = phase::done;
  if (over_limit_) {
    record_.bytes = discarded_;
    decide(413, to_string(outcome::too_large), to_string(errc::too_large), true);
    answer_.close = !complete || discarded_ > core_->options_.max_discard;
  } else if (!complete) {
    record_.bytes = body_.size();
    decide(400, to_string(outcome::malformed), "body_incomplete", true);
    answer_.close = true;
  } else {
    record_.bytes = body_.size();
    // The padding lives in the buffer's spare capacity: the parser reads it in place.
    body_.reserve(body_.size() + simdjson::SIMDJSON_PADDING);
    run_delivery(simdjson::padded_string_view(body_.data(), body_.size(), body_.capacity()));
  }
  emit();
  return answer_;
}

inline const receive_answer& receive_request::finish_whole(std::string_view whole_body) {
  if (phase_ == phase::discard) { return finish(true); }
  if (phase_ != phase::body) { return answer_; }
  phase_ = phase::done;
  record_.bytes = whole_body.size();
  if (whole_body.size() > core_->options_.max_body) {
    decide(413, to_string(outcome::too_large), to_string(errc::too_large), true);
  } else {
    run_delivery(whole_body);
  }
  emit();
  return answer_;
}

inline const receive_answer& receive_request::reject(std::string_view reason, int status) {
  if (phase_ == phase::done) { return answer_; }
  decide(status, to_string(outcome::malformed), reason, true);
  answer_.close = true;
  phase_ = phase::done;
  emit();
  return answer_;
}

inline const receive_answer& receive_request::timed_out() {
  if (phase_ == phase::idle || phase_ == phase::done) {
    answer_.close = true;
    return answer_;
  }
  if (phase_ != phase::discard) { decide(408, "timeout", "request_timeout", true); }
  answer_.close = true;
  phase_ = phase::done;
  emit();
  return answer_;
}

template <class Body>
void receive_request::run_delivery(Body body) {
  if (core_->options_.bare_200) {
    decide(200, "handled", {}, false);  // a benchmark's baseline: the adapter's cost alone, same answer
    return;
  }
  receiver::worker& w = core_->this_thread_worker();
  auto delivery = w.endpoint.receive(body, std::string_view(signature_));
  if (delivery) {
    record_.type = delivery->type_name();
    record_.id = delivery->envelope().id;
    if (delivery->signature()) { record_.secret_label = delivery->signature()->secret_label; }
  } else {
    record_.error = to_string(delivery.error().code());
  }
  const std::string_view error = record_.error;

  once_result result;
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
  try {
#endif
    if (core_->dedup_ != nullptr) {
      result = dispatch_once(*core_->router_, *core_->dedup_, delivery);
    } else {
      result.dispatch = core_->router_->dispatch(delivery);
    }
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
  } catch (...) {
    // The store could not answer (handlers that throw are caught by the router): the
    // delivery was not handled, and OnceHub retries anything but a 2xx.
    decide(503, to_string(outcome::server_error), "dedup_store_failed", true);
    return;
  }
#endif
  record_.handler = result.dispatch.handler;
  const std::string_view outcome_name =
      result.claim == claim_status::first ? to_string(result.dispatch.outcome) : to_string(result.claim);
  // A store that cannot answer (Redis down or slow) is a 503 OnceHub retries: say why.
  decide(result.http_status(), outcome_name,
         result.claim == claim_status::unavailable ? std::string_view("dedup_store_unavailable") : error, true);
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_RECEIVE_IMPL_HPP
