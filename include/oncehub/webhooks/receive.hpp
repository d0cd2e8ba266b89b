// SPDX-License-Identifier: MIT
/// @file
/// The receive core: the whole per-request policy of a webhook endpoint, independent of
/// any HTTP server. An adapter (Boost.Beast, cpp-httplib, Poco::Net, your own) feeds it
/// what the server parsed and sends back what it answers:
///
/// ```cpp
/// wh::receiver core{wh::verifier{secrets}, router, &dedup, {.path = "/webhooks/oncehub"}, log};
/// wh::receive_request request{core};              // one per connection (or per thread); reusable
/// request.start(method, target);                  // the request line
/// for (auto& [name, value] : fields) { request.header(name, value); }  // every field line
/// if (request.end_of_head(content_length, chunked)) {  // checked before any body byte is read
///   while (more) { if (!request.body(bytes)) { break; } }  // false: stop reading, answer now
///   request.finish(body_complete);
/// }
/// send(request.answer());  // status, a short body, Allow, and whether to close the connection
/// ```
///
/// Per request, in this order: the field lines are checked (RFC 9110 section 5: a name is a
/// token, a value has no CR, LF or NUL; several `Oncehub-Signature` lines are one value,
/// comma-joined); the target is matched (404, with a logged hint for a near miss); the
/// method (405); the framing (RFC 9112 section 6: Content-Length with Transfer-Encoding,
/// an unknown transfer coding or conflicting lengths: 400; no length at all: 411); the
/// declared length against the cap (413 before reading); then the raw body is buffered
/// (padded, per request object) and handed to the calling thread's `endpoint` (verify,
/// then parse), `dispatch_once` runs the router, and the outcome is answered. One
/// `receive_record` per logged request reaches the observer; `format_log_line` turns it
/// into the log line every adapter prints.
///
/// Whenever an answer is decided before the body has been read, the body is either
/// drained (read and thrown away, up to `receive_options::max_discard` bytes, so the
/// connection can be kept) or the answer says `close`: nothing a request declared is ever
/// read as the next request.
#ifndef ONCEHUB_WEBHOOKS_RECEIVE_HPP
#define ONCEHUB_WEBHOOKS_RECEIVE_HPP

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/dedup.hpp"
#include "oncehub/webhooks/dispatch.hpp"
#include "oncehub/webhooks/endpoint.hpp"
#include "oncehub/webhooks/signature.hpp"

namespace oncehub::webhooks::inline v0 {

/// What a `receiver` accepts.
struct receive_options {
  /// The URL path OnceHub POSTs to, matched exactly (a query string is ignored). A
  /// request to a near miss (a trailing slash more or less, other letter case, a path
  /// under it or around it) is answered 404 and logged with a hint.
  std::string path = "/webhooks/oncehub";
  /// The largest body accepted, in bytes; a larger one is answered 413. A declared
  /// `Content-Length` over it is refused before any byte of the body is read.
  std::size_t max_body = std::size_t{1} << 20;
  /// After an answer decided before the body was read (413, 404...), up to this many
  /// body bytes are read and thrown away (never stored) so that the sender reads the
  /// answer and the connection can be kept; a longer body closes the connection.
  std::uint64_t max_discard = std::uint64_t{16} << 20;
  /// The longest `Oncehub-Signature` value (all its lines joined) accepted: 431 beyond.
  std::size_t max_signature_header = 4096;
  /// For load benchmarks only (`bench/receiver-load.sh`): a request the core would hand
  /// to the endpoint is answered 200 (`handled`, unlogged) once its body is read, without
  /// verifying, parsing, dispatching or logging it, so that an adapter's own cost can be
  /// measured on the same requests. Never set it in a real receiver.
  bool bare_200 = false;
};

/// What became of one request: the fields of its log line. The views point into the
/// `receive_request` (target, hint) and into the parser of the thread that finished it
/// (type, id, secret label): read them in the observer, or before that request object is
/// started again and before another request finishes on the same thread.
struct receive_record {
  /// The HTTP status answered.
  int status = 0;
  /// `to_string(outcome)`; `duplicate` / `in_progress` for a repeated delivery;
  /// `not_found` for a near-miss path; `timeout` when the request's deadline passed.
  std::string_view outcome{};
  /// The event type and id as sent (signed); empty when the delivery was rejected.
  std::string_view type{};
  std::string_view id{};
  /// The first handler that ran (`dispatch_result::handler`); empty when none did.
  std::string_view handler{};
  /// The label of the secret that matched (never the secret).
  std::string_view secret_label{};
  /// Why the request was refused: an `errc` identifier (`signature_mismatch`), or an HTTP
  /// framing reason (`field_name_invalid`, `obs_fold`, `length_required`,
  /// `body_incomplete`, `path_near_miss`, `dedup_store_failed`...). Empty when handled.
  std::string_view error{};
  /// For a near-miss path: the target as sent, what is near about it
  /// (`trailing_slash`, `letter_case`, `prefix`) and the configured path.
  std::string_view target{};
  std::string_view hint{};
  std::string_view expected{};
  /// The body's size in bytes: what was read, or the declared size when it was not.
  std::uint64_t bytes = 0;
  /// From the request's first byte (`receive_request::start`) to the answer.
  std::chrono::nanoseconds elapsed{};
};

/// Appends the log line of `record` to `out` (no trailing newline):
/// `status=200 outcome=handled type=booking.scheduled id=EVNT-... handler=bookings
/// secret=#1 bytes=1234 time=0.214ms`, then `error=<reason>` when set and `target=...
/// hint=... expected=...` for a near miss. Values from the request are cut to 100
/// characters and anything but printable ASCII (and `=`) becomes `?`, so a field cannot
/// forge a line or a key. Allocates only when `out` must grow.
void append_log_line(std::string& out, const receive_record& record);

/// The log line of `record` (see `append_log_line`).
[[nodiscard]] std::string format_log_line(const receive_record& record);

/// What to send back. `body` is static text (e.g. `"handled\n"`, `text/plain`).
struct receive_answer {
  /// The HTTP status; 0 until the answer is decided.
  int status = 0;
  /// The response body.
  std::string_view body{};
  /// The `Allow` header to send (405), or empty.
  std::string_view allow{};
  /// The connection must be closed after this answer (`Connection: close`): bytes of the
  /// request were left unread, or its framing cannot be trusted.
  bool close = false;
};

class receive_request;

/// The receive core: shared by every connection and thread of a server (thread-safe
/// once built). It owns the verifier and one `endpoint` (so one parser) per thread that
/// finishes a request, made on that thread's first request and keyed to this receiver.
/// The router and the de-duplication store are the caller's; they must outlive it and be
/// thread-safe.
class receiver {
 public:
  /// Called once per logged request (every request on the path, a near miss, a framing
  /// error), on the thread that decided the answer, before it is sent. Must not throw.
  using observer = std::function<void(const receive_record&)>;

  /// A receiver for signed (v2) deliveries. `dedup` may be null (no de-duplication).
  receiver(webhooks::verifier verifier, const webhooks::router& router, dedup_store* dedup = nullptr,
           receive_options options = {}, observer on_record = {});
  /// A receiver for unsigned (v1) deliveries (see `accept_unsigned_deliveries`).
  receiver(accept_unsigned_deliveries_t, const webhooks::router& router, dedup_store* dedup = nullptr,
           receive_options options = {}, observer on_record = {});
  receiver(const receiver&) = delete;
  receiver& operator=(const receiver&) = delete;

  /// The options in force.
  [[nodiscard]] const receive_options& options() const noexcept { return options_; }

  /// The calling thread's request object for this receiver, for adapters that handle a
  /// request from start to answer on one thread (cpp-httplib, Poco::Net). Async adapters
  /// keep one `receive_request` per connection instead.
  [[nodiscard]] receive_request& this_thread_request() const;

 private:
  friend class receive_request;
  struct worker;
  worker& this_thread_worker() const;

  std::optional<webhooks::verifier> verifier_;  // empty: unsigned deliveries
  const webhooks::router* router_;
  dedup_store* dedup_;
  receive_options options_;
  observer on_record_;
  std::uint64_t instance_;  // tells this receiver's thread-local workers from another's
};

/// One HTTP request through a `receiver`, driven by an adapter; reusable (`start` begins
/// the next one, and a warm object allocates nothing). Not thread-safe, but it may move
/// between threads between calls (an async server's connection).
class receive_request {
 public:
  explicit receive_request(const receiver& core) : core_(&core) {}
  receive_request(const receive_request&) = delete;
  receive_request& operator=(const receive_request&) = delete;

  /// Begins a request: its method and request target (RFC 9112 section 3), and when its
  /// first byte arrived (the log's time counts from it).
  void start(std::string_view method, std::string_view target,
             std::chrono::steady_clock::time_point first_byte = std::chrono::steady_clock::now());
  /// One field line as received, in order (name in any case). Every line must be
  /// passed, several lines of one name included: `Oncehub-Signature` lines are joined
  /// with `,` (so a second `t=` makes the value malformed: 401), framing fields are
  /// cross-checked, and an invalid line refuses the request (400).
  void header(std::string_view name, std::string_view value);
  /// The head is complete: the framing the server parsed (`content_length`, or
  /// `chunked`, or neither: no body). True: read the body, passing its bytes to `body`,
  /// then call `finish` (send `100 Continue` first when `expects_continue()`). False: the
  /// answer is decided; send it without reading further (it says `close` when the body
  /// was declared).
  [[nodiscard]] bool end_of_head(std::optional<std::uint64_t> content_length, bool chunked);
  /// Body bytes as they arrive (any split). False: stop reading and `finish(false)`.
  [[nodiscard]] bool body(std::string_view bytes);
  /// The body ended: `complete` when all of it was read as framed, false when the
  /// sender hung up, the chunked framing broke or the deadline passed. Decides the answer.
  const receive_answer& finish(bool complete = true);
  /// Instead of `body` + `finish`: the whole body at once (the adapter buffered it).
  const receive_answer& finish_whole(std::string_view whole_body);
  /// The server refused the request's framing before `end_of_head` (e.g. a field name
  /// with a space before the colon, an obs-fold line): answers `status` (400) with
  /// `reason` in the log, and `close`. `reason` must be static text.
  const receive_answer& reject(std::string_view reason, int status = 400);
  /// The request's deadline passed: logs 408 (`timeout`) unless an answer was already
  /// decided, and closes.
  const receive_answer& timed_out();

  /// The answer once decided (status 0 before).
  [[nodiscard]] const receive_answer& answer() const noexcept { return answer_; }
  /// The log record of the answer.
  [[nodiscard]] const receive_record& record() const noexcept { return record_; }
  /// The request carried `Expect: 100-continue`.
  [[nodiscard]] bool expects_continue() const noexcept { return expect_continue_; }
  /// Whether an answer is decided.
  [[nodiscard]] bool answered() const noexcept { return answer_.status != 0; }

 private:
  enum class phase : std::uint8_t { idle, head, body, discard, done };
  void decide(int status, std::string_view outcome, std::string_view error, bool logged);
  void emit();
  template <class Body>
  void run_delivery(Body body);
  bool answer_early(bool has_body, std::optional<std::uint64_t> content_length);

  const receiver* core_;
  phase phase_ = phase::idle;
  std::chrono::steady_clock::time_point started_{};
  std::string method_;
  std::string target_;
  std::string signature_;  // every Oncehub-Signature line, comma-joined
  std::string body_;       // the raw body, with simdjson padding in its spare capacity
  std::string_view refused_{};
  int refused_status_ = 400;
  int signature_lines_ = 0;
  int content_length_lines_ = 0;
  int transfer_encoding_lines_ = 0;
  std::optional<std::uint64_t> header_length_{};
  bool conflicting_lengths_ = false;
  bool transfer_encoding_chunked_ = false;
  bool expect_continue_ = false;
  bool logged_ = false;  // the decided answer is logged (`emit` calls the observer once)
  bool over_limit_ = false;
  std::uint64_t discarded_ = 0;
  receive_record record_{};
  receive_answer answer_{};
};

}  // namespace oncehub::webhooks::inline v0

#include "oncehub/webhooks/detail/receive_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_RECEIVE_HPP
