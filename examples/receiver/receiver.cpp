// SPDX-License-Identifier: MIT
/// @file
/// `webhook_receiver`: the request handler. See receiver.hpp.
#include "receiver.hpp"

#include <simdjson.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <utility>

namespace receiver {

namespace {

std::atomic<std::uint64_t> next_instance{1};

// Past the cap, up to this many more bytes are read and thrown away, so that a sender
// still writing its body reads the 413 rather than a connection reset; beyond that, the
// receiver answers at once and hangs up.
constexpr std::uint64_t discard_allowance = std::uint64_t{16} << 20;

/// cpp-httplib matches paths as regular expressions: escape the configured path so that
/// `/hooks/v1.0` does not also match `/hooks/v1x0`.
std::string regex_for_path(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (std::string_view(R"(\^$.|?*+()[]{})").find(c) != std::string_view::npos) { out += '\\'; }
    out += c;
  }
  return out;
}

void append_field(std::string& line, std::string_view key, std::string_view value) {
  line.append(" ").append(key).append("=");
  if (value.empty()) {
    line += '-';
    return;
  }
  constexpr std::size_t max_length = 100;
  for (std::size_t i = 0; i < value.size() && i < max_length; ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    line += (c > 0x20 && c < 0x7f && c != '=') ? static_cast<char>(c) : '?';
  }
  if (value.size() > max_length) { line += "..."; }
}

wh::verifier_options verifier_options(std::chrono::seconds tolerance) {
  wh::verifier_options options;
  options.tolerance = tolerance;
  return options;
}

bool is_chunked(const httplib::Request& request) {
  return request.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
}

}  // namespace

std::string format_log_line(const delivery_record& record) {
  std::string line = "status=" + std::to_string(record.status);
  append_field(line, "outcome", record.outcome);
  append_field(line, "type", record.type);
  append_field(line, "id", record.id);
  append_field(line, "handler", record.handler);
  append_field(line, "secret", record.secret_label);
  line += " bytes=" + std::to_string(record.bytes);
  char time[32];
  std::snprintf(time, sizeof time, " time=%.3fms", static_cast<double>(record.elapsed.count()) / 1e6);
  line += time;
  if (!record.error.empty()) { append_field(line, "error", record.error); }
  return line;
}

struct webhook_receiver::worker {
  std::uint64_t owner;
  wh::endpoint endpoint;
  // The raw body, with SIMDJSON_PADDING spare capacity so the parser reads it in place.
  // Kept across requests: after the first few, receiving allocates nothing.
  std::string body;
};

webhook_receiver::webhook_receiver(settings config, const wh::router& router, wh::dedup_store* dedup,
                                   observer on_delivery)
    : config_(std::move(config)),
      // The secrets move into the verifier: the settings keep no copy of them.
      verifier_(std::exchange(config_.secrets, {}), verifier_options(config_.tolerance)),
      router_(&router),
      dedup_(dedup),
      on_delivery_(std::move(on_delivery)),
      instance_(next_instance.fetch_add(1)) {}

void webhook_receiver::mount(httplib::Server& server) {
  // With the server's payload limit at max_body, a body declared larger is skipped by
  // cpp-httplib in small reads (never stored), so the sender still reads our 413.
  server.set_payload_max_length(config_.max_body);
  server.Post(regex_for_path(config_.path),
              [this](const httplib::Request& request, httplib::Response& response,
                     const httplib::ContentReader& read_body) { handle(request, response, read_body); });
}

webhook_receiver::worker& webhook_receiver::this_thread_worker() {
  // One endpoint, so one parser, per worker thread: a parser is not thread-safe, and a
  // warm one parses without allocating. Made on the thread's first request.
  thread_local std::unique_ptr<worker> local;
  if (!local || local->owner != instance_) {
    wh::parser_options options;
    options.max_body_size = config_.max_body;
    local.reset(new worker{instance_, wh::endpoint{verifier_, options}, {}});
  }
  return *local;
}

void webhook_receiver::handle(const httplib::Request& request, httplib::Response& response,
                              const httplib::ContentReader& read_body) {
  const auto started = std::chrono::steady_clock::now();
  delivery_record record;
  const auto answer = [&](int status, std::string_view outcome) {
    record.status = status;
    record.outcome = outcome;
    response.status = status;
    response.set_content(std::string(outcome) + "\n", "text/plain");
    record.elapsed = std::chrono::steady_clock::now() - started;
    if (on_delivery_) { on_delivery_(record); }
  };

  // 1. The size cap, before anything else: first the declared length...
  const bool has_length = request.has_header("Content-Length");
  const std::uint64_t declared = has_length ? request.get_header_value<std::uint64_t>("Content-Length") : 0;
  if (declared > config_.max_body) {
    record.bytes = declared;
    record.error = wh::to_string(wh::errc::too_large);
    if (declared - config_.max_body <= discard_allowance) {
      // cpp-httplib's payload limit (max_body, see mount) makes it skip the body in small
      // reads, never storing it: the connection stays usable.
      read_body([](const char*, std::size_t) { return true; });
    } else {
      response.set_header("Connection", "close");  // not worth reading: hang up after the answer
    }
    answer(413, wh::to_string(wh::outcome::too_large));
    return;
  }

  // ...then the bytes as they arrive, since a chunked body declares no length.
  worker& w = this_thread_worker();
  std::string& body = w.body;
  body.clear();
  body.reserve(static_cast<std::size_t>(declared) + simdjson::SIMDJSON_PADDING);
  std::uint64_t discarded = 0;  // bytes past the cap, read and thrown away
  bool complete = true;
  // Without a length or chunked encoding an HTTP/1.1 request has no body (reading "until
  // the connection closes" would hang a kept-alive connection).
  if (has_length || is_chunked(request)) {
    complete = read_body([&](const char* data, std::size_t size) {
      if (discarded == 0 && size <= config_.max_body - body.size()) {
        body.append(data, size);
        return true;
      }
      discarded += size;
      return discarded <= discard_allowance;
    });
  }
  record.bytes = body.size() + discarded;
  if (discarded > 0) {
    record.error = wh::to_string(wh::errc::too_large);
    // Unless the whole body was drained, the rest of it is still on the connection.
    if (!complete) { response.set_header("Connection", "close"); }
    answer(413, wh::to_string(wh::outcome::too_large));
    return;
  }
  if (!complete) {
    record.error = "body_unreadable";  // the sender stopped, or sent a broken chunked body
    response.set_header("Connection", "close");
    answer(400, wh::to_string(wh::outcome::malformed));
    return;
  }

  // 2. Verify, then parse, in place: the padding lives in the buffer's spare capacity.
  body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  const std::string signature = request.get_header_value(std::string(wh::signature_header_name).c_str());
  auto delivery = w.endpoint.receive(simdjson::padded_string_view(body.data(), body.size(), body.capacity()), signature);
  if (delivery) {
    record.type = delivery->type_name();
    record.id = delivery->envelope().id;
    if (delivery->signature()) { record.secret_label = delivery->signature()->secret_label; }
  } else {
    record.error = wh::to_string(delivery.error().code());
  }

  // 3. Route, once per event id.
  wh::once_result result;
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
  try {
#endif
    if (dedup_ != nullptr) {
      result = wh::dispatch_once(*router_, *dedup_, delivery);
    } else {
      result.dispatch = router_->dispatch(delivery);
    }
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
  } catch (...) {
    // The de-duplication store failed before any handler ran: OnceHub will retry.
    record.error = "dedup_store_failed";
    answer(500, wh::to_string(wh::outcome::server_error));
    return;
  }
#endif
  record.handler = result.dispatch.handler;
  const std::string_view outcome = result.claim == wh::claim_status::first ? wh::to_string(result.dispatch.outcome)
                                                                           : wh::to_string(result.claim);
  answer(result.http_status(), outcome);
}

}  // namespace receiver
