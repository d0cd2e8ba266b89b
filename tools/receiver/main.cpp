// SPDX-License-Identifier: MIT
/// @file
/// `oncehub-webhook-receiver`: an HTTP server that receives OnceHub webhooks, for trying
/// the library end to end and as a template for your own server. See `--help`.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "receiver.hpp"

#if ONCEHUB_WEBHOOKS_RECEIVER_REDIS
#include <oncehub/webhooks/redis_dedup.hpp>
#endif

namespace wh = oncehub::webhooks;

namespace {

constexpr std::string_view usage =
    "oncehub-webhook-receiver --secret S [--secret S2...] [--port N] [--host H] [--path P] [--max-body BYTES]\n"
    "                         [--tolerance SECONDS] [--threads N] [--dedup-window SECONDS] [--dedup-capacity N]\n"
    "                         [--adapter beast|httplib|poco] [--request-timeout SECONDS] [--max-connections N]\n"
    "                         [--dedup-redis URL] [--dedup-lease-ms N]";

constexpr std::string_view help_text = R"(oncehub-webhook-receiver: receive OnceHub webhooks over HTTP

usage: oncehub-webhook-receiver [options]

Answers POST <path> the way OnceHub needs: checks the body size, verifies the
Oncehub-Signature over the raw body, parses it, acknowledges a repeated event id
without handling it again, runs the handlers, and answers
  200 handled, ignored, unknown event type or duplicate; 400 malformed;
  401 bad signature; 409 the same event is being handled right now (OnceHub
  retries); 413 body too large; 500 a handler failed (OnceHub retries).
A POST to a near miss of the path (a trailing slash, other letter case, a
prefix) is answered 404 and logged with a hint; a request whose HTTP framing
cannot be trusted is answered 400 with the reason in the log, and the
connection is closed after any answer that left bytes of the request unread.
One log line per delivery on standard output (status, outcome, event type and
id, first handler, secret label, size, time taken; never a secret), and a
summary line when it stops (SIGINT or SIGTERM: in-flight requests finish).

options:
  --secret S             a signing secret to accept (repeat while rotating); or set
                         ONCEHUB_WEBHOOK_SECRET (comma-separated), which keeps it out
                         of process lists. Required. Whitespace around each secret
                         is trimmed (said once on stderr, never the value); an empty
                         secret, or one with whitespace or control characters inside
                         it, stops the receiver from starting (exit 2).
  --port N               TCP port (default 8080); 0 picks a free one. The first line
                         printed is "listening on http://<host>:<port><path>".
  --host H               address to listen on (default 127.0.0.1, loopback only)
  --path P               URL path to receive on (default /webhooks/oncehub)
  --max-body BYTES       larger bodies are answered 413 unread (default 1048576)
  --tolerance SECONDS    how far the signature's t may be from now (default 300)
  --threads N            worker threads, each with its own parser (default 8)
  --adapter A            the HTTP server: beast (default: Boost.Beast, async, strict
                         parser, a deadline per request), httplib (cpp-httplib) or
                         poco (Poco::Net), when built in
  --request-timeout SECONDS
                         the deadline from a request's first byte to its last
                         (default 10); a slower sender is logged and disconnected
  --max-connections N    open connections at most (default 1024); beyond, a new
                         connection is answered 503
  --dedup-window SECONDS how long a handled event id is remembered (default
                         259200, OnceHub's three days of retries; 0 turns
                         de-duplication off)
  --dedup-capacity N     the most event ids remembered (default 100000)
  --dedup-redis URL      share the de-duplication window through Redis, between
                         replicas and across restarts: redis://host:port/db or
                         unix:///path[?db=N]; the password from
                         ONCEHUB_REDIS_PASSWORD or REDISCLI_AUTH (never printed).
                         Redis down or slow: deliveries are answered 503 (retried)
  --dedup-lease-ms N     how long a claim holds an event id on Redis (default
                         300000): longer than the slowest handler run
  --help                 show this text

exit codes: 0 stopped by a signal, 1 cannot listen, 2 usage error.
)";

struct options {
  receiver::settings settings;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::size_t threads = 8;
  std::string adapter = "beast";
  std::chrono::seconds request_timeout{10};
  std::size_t max_connections = 1024;
  std::chrono::seconds dedup_window = std::chrono::hours(72);
  std::size_t dedup_capacity = 100'000;
  bool bare_200 = false;
};

int usage_error(std::string_view message) {
  std::cerr << "error: " << message << "\nusage: " << usage
            << "\n(run 'oncehub-webhook-receiver --help' for details)\n";
  return 2;
}

std::optional<unsigned long long> parse_unsigned(std::string_view text) {
  unsigned long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) { return std::nullopt; }
  return value;
}

/// The secrets of the `--secret` flags (each may be comma-separated), or else of
/// ONCEHUB_WEBHOOK_SECRET, by the library's rule (`wh::parse_secret_list`): trimmed, with
/// one note on stderr naming the items that were, or refused (the program must not
/// start, since every delivery would be answered 401). An exit code when refused.
std::optional<int> configure_secrets(const std::vector<std::string_view>& flags, options& out) {
  wh::result<wh::secret_list> list = wh::secret_list{};
  if (!flags.empty()) {
    list = wh::parse_secret_list(flags, "--secret", "#");
  } else if (const char* env = std::getenv("ONCEHUB_WEBHOOK_SECRET")) {
    list = wh::parse_secret_list(env, "ONCEHUB_WEBHOOK_SECRET", "env#");
  }
  if (!list) { return usage_error(list.error().message()); }
  if (const std::string note = list->trimmed_note(); !note.empty()) { std::cerr << "note: " << note << "\n"; }
  out.settings.secrets = std::move(list->secrets);
  return std::nullopt;
}

/// Parses the command line; returns an exit code when the program should stop now.
std::optional<int> parse_options(const std::vector<std::string_view>& args, options& out) {
  std::vector<std::string_view> secret_flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << help_text;
      return 0;
    }
    if (arg == "--bare-200") {  // benchmarks only: see bench/receiver-load.sh
      out.bare_200 = true;
      continue;
    }
    if (arg.size() < 3 || !arg.starts_with("--")) {
      return usage_error("unexpected argument '" + std::string(arg) + "'");
    }
    if (i + 1 == args.size()) { return usage_error(std::string(arg) + " needs a value"); }
    const std::string_view value = args[++i];
    if (arg == "--secret") {
      secret_flags.push_back(value);
    } else if (arg == "--host") {
      out.host = value;
    } else if (arg == "--adapter") {
      if (std::find(std::begin(receiver::adapter_names), std::end(receiver::adapter_names), value) ==
          std::end(receiver::adapter_names)) {
        return usage_error("--adapter must be beast, httplib or poco");
      }
      out.adapter = value;
    } else if (arg == "--path") {
      if (!value.starts_with('/')) { return usage_error("--path must start with '/'"); }
      out.settings.path = value;
    } else {
      const auto number = parse_unsigned(value);
      if (!number) { return usage_error(std::string(arg) + " needs a non-negative integer"); }
      if (arg == "--port") {
        if (*number > 65535) { return usage_error("--port must be at most 65535"); }
        out.port = static_cast<int>(*number);
      } else if (arg == "--max-body") {
        if (*number == 0) { return usage_error("--max-body must be positive"); }
        out.settings.max_body = static_cast<std::size_t>(*number);
      } else if (arg == "--tolerance") {
        out.settings.tolerance = std::chrono::seconds(static_cast<long long>(*number));
      } else if (arg == "--threads") {
        if (*number == 0 || *number > 256) { return usage_error("--threads must be between 1 and 256"); }
        out.threads = static_cast<std::size_t>(*number);
      } else if (arg == "--dedup-window") {
        out.dedup_window = std::chrono::seconds(static_cast<long long>(*number));
      } else if (arg == "--request-timeout") {
        if (*number == 0 || *number > 3600) { return usage_error("--request-timeout must be between 1 and 3600"); }
        out.request_timeout = std::chrono::seconds(static_cast<long long>(*number));
      } else if (arg == "--max-connections") {
        if (*number == 0 || *number > 100'000) { return usage_error("--max-connections must be between 1 and 100000"); }
        out.max_connections = static_cast<std::size_t>(*number);
      } else if (arg == "--dedup-capacity") {
        if (*number == 0) { return usage_error("--dedup-capacity must be positive"); }
        out.dedup_capacity = static_cast<std::size_t>(*number);
      } else {
        return usage_error("unknown option '" + std::string(arg) + "'");
      }
    }
  }
  if (auto refused = configure_secrets(secret_flags, out)) { return refused; }
  if (out.settings.secrets.empty()) {
    return usage_error(
        "no secret: pass --secret or set ONCEHUB_WEBHOOK_SECRET (OnceHub shows it when the webhook is created)");
  }
  return std::nullopt;
}

/// Counts per outcome and per handler, for the summary line.
struct statistics {
  static constexpr std::string_view outcomes[] = {
      "handled",   "ignored",        "unknown_event", "duplicate", "in_progress", "malformed",  "unauthorized",
      "too_large", "handler_failed", "server_error",  "not_found", "timeout",     "unavailable"};
  std::atomic<std::uint64_t> deliveries{0};
  std::atomic<std::uint64_t> by_outcome[std::size(outcomes)]{};
  std::atomic<std::uint64_t> bookings{0};
  std::atomic<std::uint64_t> cancellations{0};
  std::atomic<std::uint64_t> conversations{0};

  void count(std::string_view outcome) {
    deliveries.fetch_add(1, std::memory_order_relaxed);
    for (std::size_t i = 0; i < std::size(outcomes); ++i) {
      if (outcomes[i] == outcome) { by_outcome[i].fetch_add(1, std::memory_order_relaxed); }
    }
  }

  [[nodiscard]] std::string summary() const {
    std::string line = "summary deliveries=" + std::to_string(deliveries.load());
    for (std::size_t i = 0; i < std::size(outcomes); ++i) {
      line.append(" ").append(outcomes[i]).append("=").append(std::to_string(by_outcome[i].load()));
    }
    line += " runs.bookings=" + std::to_string(bookings.load());
    line += " runs.cancellations=" + std::to_string(cancellations.load());
    line += " runs.conversations=" + std::to_string(conversations.load());
    return line;
  }
};

/// The example's handlers: stand-ins for your own (sync a CRM, refund, notify...). They
/// must be thread-safe, since every worker thread runs them, and idempotent, since a
/// delivery whose handler failed is delivered again.
wh::router make_router(statistics& stats) {
  wh::router router;
  router
      .on<wh::booking_canceled>(
          [&stats](const wh::typed_event<wh::booking_canceled>&) {
            stats.cancellations.fetch_add(1, std::memory_order_relaxed);
          },
          "cancellations")
      .on<wh::booking_family>(
          [&stats](const wh::booking_event auto&) { stats.bookings.fetch_add(1, std::memory_order_relaxed); },
          "bookings")
      .on<wh::conversation_family>(
          [&stats](const wh::conversation_event auto&) { stats.conversations.fetch_add(1, std::memory_order_relaxed); },
          "conversations");
  return router;
}

/// Scale-out (issue 14): takes `--dedup-redis URL`, `--dedup-lease-ms N` and the test-only
/// `--handler-delay-ms N` out of `args` (before the other options are parsed; a
/// `--dedup-window` is read, and left for them) and makes the de-duplication store they
/// ask for: on Redis (`redis://[:password@]host:port/db` or
/// `unix:///path[?db=N]`; the password preferably from ONCEHUB_REDIS_PASSWORD or
/// REDISCLI_AUTH, and never printed), shared by every replica; the handler delay holds
/// each claim that long before the handlers run, to test a replica dying mid-delivery.
/// Sets `store` (left null when none of them is given) or returns an exit code.
std::optional<int> take_scale_out_options(std::vector<std::string_view>& args,
                                          std::unique_ptr<wh::dedup_store>& store) {
  std::string_view url;
  unsigned long long lease_ms = 300'000;
  unsigned long long delay_ms = 0;
  unsigned long long window_s = 259'200;
  for (std::size_t i = 0; i < args.size();) {
    const std::string_view arg = args[i];
    if (arg != "--dedup-redis" && arg != "--dedup-lease-ms" && arg != "--handler-delay-ms") {
      // --dedup-window (parsed later, and checked there) sets Redis's window too.
      if (arg == "--dedup-window" && i + 1 < args.size()) { window_s = parse_unsigned(args[i + 1]).value_or(0); }
      i += (arg.starts_with("--") && arg != "--help" && i + 1 < args.size()) ? 2 : 1;
      continue;
    }
    if (i + 1 == args.size()) { return usage_error(std::string(arg) + " needs a value"); }
    const std::string_view value = args[i + 1];
    args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
    if (arg == "--dedup-redis") {
      url = value;
      continue;
    }
    const auto number = parse_unsigned(value);
    if (!number || *number > 86'400'000) {
      return usage_error(std::string(arg) + " needs a number of milliseconds up to 86400000");
    }
    (arg == "--dedup-lease-ms" ? lease_ms : delay_ms) = *number;
  }
  if (url.empty() && delay_ms == 0) { return std::nullopt; }
  if (!url.empty()) {
#if ONCEHUB_WEBHOOKS_RECEIVER_REDIS
    std::string error;
    auto endpoint = wh::parse_redis_url(url, error);
    if (!endpoint) { return usage_error("--dedup-redis: " + error); }
    if (endpoint->password.empty()) { endpoint->password = wh::redis_password_from_environment(); }
    wh::redis_dedup_options options;
    options.endpoint = std::move(*endpoint);
    options.lease = std::chrono::milliseconds(std::max<unsigned long long>(lease_ms, 1));
    if (window_s > 0) {
      options.window = std::chrono::seconds(std::min<unsigned long long>(window_s, 100ULL * 365 * 86'400));
    }
    options.pool_size = 256;  // at most one connection per worker thread, opened on demand
    auto redis = std::make_unique<wh::redis_dedup_store>(std::move(options));
    std::cerr << "dedup: redis " << redis->options().endpoint.to_string() << " lease=" << lease_ms << "ms"
              << (redis->ping() ? "" : " (not reachable yet: deliveries are answered 503 until it is)") << "\n";
    store = std::move(redis);
#else
    return usage_error("--dedup-redis: this build has no hiredis (libhiredis-dev)");
#endif
  } else {
    store = std::make_unique<wh::memory_dedup_store>();
  }
  if (delay_ms > 0) {
    // Holds every claim `delay` before the handlers run: a slow handler, as the store sees it.
    struct delayed final : wh::dedup_store {
      std::unique_ptr<wh::dedup_store> inner;
      std::chrono::milliseconds delay;
      delayed(std::unique_ptr<wh::dedup_store> s, std::chrono::milliseconds d) : inner(std::move(s)), delay(d) {}
      wh::claim_result claim(std::string_view id, clock::time_point now) override {
        wh::claim_result r = inner->claim(id, now);
        if (r == wh::claim_status::first) { std::this_thread::sleep_for(delay); }
        return r;
      }
      wh::settle_status complete(std::string_view id, const wh::claim_token& t, clock::time_point now) override {
        return inner->complete(id, t, now);
      }
      wh::settle_status release(std::string_view id, const wh::claim_token& t) noexcept override {
        return inner->release(id, t);
      }
    };
    store = std::make_unique<delayed>(std::move(store), std::chrono::milliseconds(delay_ms));
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  options opts;
  std::vector<std::string_view> args(argv + 1, argv + argc);
  std::unique_ptr<wh::dedup_store> shared_dedup;  // --dedup-redis (issue 14)
  if (auto exit_code = take_scale_out_options(args, shared_dedup)) { return *exit_code; }
  if (auto exit_code = parse_options(args, opts)) { return *exit_code; }

  // SIGINT and SIGTERM are taken synchronously by the main thread (sigtimedwait below):
  // blocked here, before any thread starts, so that every thread inherits the mask and
  // no handler runs in the middle of a request. SIGPIPE: a sender that hangs up must not
  // kill the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  statistics stats;
  const wh::router router = make_router(stats);
  std::optional<wh::memory_dedup_store> dedup;
  if (opts.dedup_window.count() > 0) {
    dedup.emplace(wh::memory_dedup_options{opts.dedup_window, opts.dedup_capacity, std::chrono::minutes(5)});
  }

  wh::dedup_store* store = shared_dedup ? shared_dedup.get() : dedup ? &*dedup : nullptr;
  wh::receive_options receiving;
  receiving.path = opts.settings.path;
  receiving.max_body = opts.settings.max_body;
  receiving.bare_200 = opts.bare_200;
  const std::string path = receiving.path;
  // The secrets move into the verifier: nothing else keeps a copy of them.
  wh::verifier_options verifying;
  verifying.tolerance = opts.settings.tolerance;
  const wh::receiver core(wh::verifier(std::exchange(opts.settings.secrets, {}), verifying), router, store,
                          std::move(receiving), [&](const wh::receive_record& record) {
                            stats.count(record.outcome);
                            thread_local std::string line;
                            line.clear();
                            wh::append_log_line(line, record);
                            line += '\n';
                            // One write(2) per line and no lock: a short line written at
                            // once to a pipe or file is not interleaved with another (POSIX:
                            // atomic up to PIPE_BUF on a pipe; lines are cut well below it),
                            // and a `tail -f` sees each delivery as it happens. A lock around
                            // fwrite+fflush queued every worker behind each other's syscall.
                            for (std::string_view rest = line; !rest.empty();) {
                              const ssize_t n = ::write(STDOUT_FILENO, rest.data(), rest.size());
                              if (n <= 0) { break; }
                              rest.remove_prefix(static_cast<std::size_t>(n));
                            }
                          });

  receiver::listen_options listening_on;
  listening_on.host = opts.host;
  listening_on.port = static_cast<std::uint16_t>(opts.port);
  listening_on.threads = opts.threads;
  listening_on.request_timeout = opts.request_timeout;
  listening_on.max_connections = opts.max_connections;
  std::string error;
  const auto server = receiver::make_server(opts.adapter, core, listening_on, error);
  if (!server) {
    std::cerr << "error: " << error << "\n";
    return error.find("not built") != std::string::npos ? 2 : 1;
  }
  std::cout << "listening on http://" << opts.host << ":" << server->port() << path << std::endl;

  std::promise<bool> served;
  std::future<bool> serving = served.get_future();
  std::thread serve_loop([&] { served.set_value(server->run()); });

  // Wait for a stop signal, or for the server to stop on its own.
  int received = 0;
  while (serving.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    const timespec tick{0, 200'000'000};
    const int signal_number = sigtimedwait(&stop_signals, nullptr, &tick);
    if (signal_number > 0) {
      received = signal_number;
      break;
    }
  }
  // Repeated until the server has stopped (cpp-httplib ignores a stop() that comes before
  // its accept loop has started). Requests in flight finish first.
  do { server->stop(); } while (serving.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready);
  serve_loop.join();
  const bool clean = serving.get();

  std::cout << stats.summary() << std::endl;
  if (received != 0) {
    std::cerr << "stopped by " << (received == SIGINT ? "SIGINT" : "SIGTERM") << "\n";
    return 0;
  }
  std::cerr << "error: the server stopped unexpectedly\n";
  return clean ? 0 : 1;
}
