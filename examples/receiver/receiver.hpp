// SPDX-License-Identifier: MIT
/// @file
/// `receiver::webhook_receiver`: OnceHub deliveries on a cpp-httplib server, the whole
/// path a production receiver takes. Per request: the size cap (before anything else),
/// the raw body into a padded per-thread buffer, `Oncehub-Signature` verified over those
/// bytes, the body parsed, the event id claimed in the de-duplication store, the router
/// run, the outcome answered as the README's table says, and one log record.
///
/// ```cpp
/// httplib::Server server;
/// receiver::webhook_receiver hooks(settings, router, &dedup, [](const receiver::delivery_record& r) {
///   std::cout << receiver::format_log_line(r) << std::endl;
/// });
/// hooks.mount(server);  // POST settings.path
/// server.listen("127.0.0.1", 8080);
/// ```
#ifndef ONCEHUB_WEBHOOKS_EXAMPLES_RECEIVER_HPP
#define ONCEHUB_WEBHOOKS_EXAMPLES_RECEIVER_HPP

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/dedup.hpp>
#include <oncehub/webhooks/signature.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace receiver {

namespace wh = oncehub::webhooks;

/// What a `webhook_receiver` accepts.
struct settings {
  /// The URL path OnceHub POSTs to (matched exactly).
  std::string path = "/webhooks/oncehub";
  /// Bodies larger than this are answered 413 without being buffered.
  std::size_t max_body = std::size_t{1} << 20;
  /// The endpoint secrets; several while rotating. Empty: every delivery answers 500.
  std::vector<wh::secret> secrets;
  /// How far the signature's `t` may be from now, either way.
  std::chrono::seconds tolerance{300};
};

/// What became of one request: the fields of its log line. The views live only during
/// the observer call (they point into the worker's parser).
struct delivery_record {
  /// The HTTP status answered.
  int status = 0;
  /// `to_string(outcome)`, or `duplicate` / `in_progress` for a repeated delivery.
  std::string_view outcome{};
  /// The event type and id as sent (signed), empty when the delivery was rejected.
  std::string_view type{};
  std::string_view id{};
  /// The first handler that ran (`dispatch_result::handler`), empty when none did.
  std::string_view handler{};
  /// The label of the secret that matched (never the secret).
  std::string_view secret_label{};
  /// The `errc` identifier of a rejected delivery, e.g. `signature_mismatch`.
  std::string_view error{};
  /// The body's size in bytes (what was read; the declared size for a 413).
  std::uint64_t bytes = 0;
  /// From the request's headers to the answer.
  std::chrono::nanoseconds elapsed{};
};

/// One log line: `status=200 outcome=handled type=booking.scheduled id=EVNT-... handler=bookings
/// secret=#1 bytes=1234 time=0.214ms`, plus `error=<errc>` for a rejected delivery. Values
/// from the request are cut to 100 characters and anything but printable ASCII becomes
/// `?`, so a field cannot forge a line.
[[nodiscard]] std::string format_log_line(const delivery_record& record);

/// Receives OnceHub webhooks on a cpp-httplib server (see the file comment). Thread-safe:
/// each worker thread of the server gets its own `wh::endpoint` (so its own parser) and
/// body buffer on first use; the router and the store are shared and must be thread-safe.
class webhook_receiver {
 public:
  /// Called once per request on the worker thread, before the answer is sent.
  using observer = std::function<void(const delivery_record&)>;

  /// `router` and `dedup` (null: no de-duplication) must outlive the server's workers.
  webhook_receiver(settings config, const wh::router& router, wh::dedup_store* dedup, observer on_delivery);

  /// Registers `POST <path>` on `server` and sets its payload limit to `max_body`.
  void mount(httplib::Server& server);

  /// The settings in force; `secrets` is empty (they moved into the verifier).
  [[nodiscard]] const settings& config() const noexcept { return config_; }

 private:
  struct worker;
  worker& this_thread_worker();
  void handle(const httplib::Request& request, httplib::Response& response, const httplib::ContentReader& read_body);

  settings config_;
  wh::verifier verifier_;  // copied into each worker's endpoint
  const wh::router* router_;
  wh::dedup_store* dedup_;
  observer on_delivery_;
  std::uint64_t instance_;  // tells this receiver's thread-local workers from another's
};

}  // namespace receiver

#endif  // ONCEHUB_WEBHOOKS_EXAMPLES_RECEIVER_HPP
