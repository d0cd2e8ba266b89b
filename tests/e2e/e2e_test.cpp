// SPDX-License-Identifier: MIT
// End to end: oncehub-webhook-receiver as a process on an ephemeral loopback port, real
// HTTP requests (cpp-httplib), and what it answers, logs and counts; `oncehub-webhook
// send` against it; and many parallel senders, every delivery answered and handled once.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <oncehub/webhooks/signature.hpp>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "e2e/process.hpp"
#include "support/test_data.hpp"

namespace fs = std::filesystem;
namespace wh = oncehub::webhooks;
using namespace std::chrono_literals;

namespace {

const std::string kSecret = "e2e-secret-9f86d081884c7d65";

// A receiver that answers before reading the whole body (413) may close the connection
// while the client still writes: that must be an error return, not a dead test process.
const bool sigpipe_ignored = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

std::chrono::sys_seconds now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// The receiver, started with `--port 0` and the given flags; stopped by the destructor
/// if a test has not stopped it.
class receiver {
 public:
  explicit receiver(std::vector<std::string> flags = {"--secret", kSecret}, std::vector<std::string> environment = {})
      : process_(make_argv(std::move(flags)), std::move(environment)) {
    const auto line = process_.first_line();
    if (!line) { throw std::runtime_error("the receiver printed nothing; stderr: " + process_.err()); }
    first_line_ = *line;
    static const std::regex listening(R"(^listening on (http://127\.0\.0\.1:([0-9]+))(/.*)$)");
    std::smatch m;
    if (!std::regex_match(first_line_, m, listening)) {
      throw std::runtime_error("unexpected first line: " + first_line_);
    }
    origin_ = m[1];
    port_ = std::stoi(m[2]);
    path_ = m[3];
  }

  [[nodiscard]] const std::string& first_line() const { return first_line_; }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string url() const { return origin_ + path_; }
  [[nodiscard]] httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30s);
    c.set_tcp_nodelay(true);  // else Nagle and delayed ACKs cost 40 ms per kept-alive request
    return c;
  }

  /// Stops the receiver with `signal_number`; its exit code.
  int stop(int signal_number = SIGTERM) {
    process_.signal(signal_number);
    const auto code = process_.wait();
    if (!code) { throw std::runtime_error("the receiver did not stop within 20 s"); }
    return *code;
  }

  /// The delivery log lines (after the first line, before the summary).
  [[nodiscard]] std::vector<std::string> log() const {
    std::vector<std::string> out;
    for (const std::string& line : e2e::lines_of(process_.out())) {
      if (line.starts_with("status=")) { out.push_back(line); }
    }
    return out;
  }

  /// The summary line's counters (after `stop`).
  [[nodiscard]] std::map<std::string, long long> summary() const {
    std::map<std::string, long long> counters;
    for (const std::string& line : e2e::lines_of(process_.out())) {
      if (!line.starts_with("summary ")) { continue; }
      std::size_t start = std::string("summary ").size();
      while (start < line.size()) {
        auto end = line.find(' ', start);
        if (end == std::string::npos) { end = line.size(); }
        const std::string field = line.substr(start, end - start);
        const auto eq = field.find('=');
        counters[field.substr(0, eq)] = std::stoll(field.substr(eq + 1));
        start = end + 1;
      }
    }
    return counters;
  }

  [[nodiscard]] std::string out() const { return process_.out(); }
  [[nodiscard]] std::string err() const { return process_.err(); }

 private:
  static std::vector<std::string> make_argv(std::vector<std::string> flags) {
    std::vector<std::string> argv{ONCEHUB_WEBHOOK_RECEIVER, "--port", "0"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    return argv;
  }

  e2e::child_process process_;
  std::string first_line_;
  std::string origin_;
  std::string path_;
  int port_ = 0;
};

/// POSTs `body` signed with `secret` at `t`; the status, or -1 when nothing came back.
int post(httplib::Client& client, const std::string& path, const std::string& body, const std::string& secret = kSecret,
         std::chrono::sys_seconds t = now()) {
  httplib::Headers headers;
  if (!secret.empty()) { headers.emplace("Oncehub-Signature", wh::sign(body, secret, t).value()); }
  const auto response = client.Post(path, headers, body, "application/json");
  return response ? response->status : -1;
}

/// The first fixture of each folder of tests/data/valid (event type -> file).
std::map<std::string, fs::path> one_fixture_per_type() {
  std::map<std::string, fs::path> out;
  for (const auto& dir : fs::directory_iterator(test_data::data_dir() / "valid")) {
    const auto files = test_data::json_files(dir.path());
    if (!files.empty()) { out[dir.path().filename().string()] = files.front(); }
  }
  return out;
}

/// `body` with its envelope id (the one "EVNT-..." string) replaced by `id`.
std::string with_id(std::string body, const std::string& id) {
  const auto start = body.find("EVNT-");
  const auto end = body.find('"', start);
  return body.replace(start, end - start, id);
}

std::string fixture(const std::string& relative) { return test_data::read_file(test_data::data_dir() / relative); }

const std::string kBooking = "valid/booking.scheduled/compact-expanded-owner-page-event-type.json";
const std::string kConversation = "valid/conversation.started/owner-empty-audience-null.json";

std::size_t count_containing(const std::vector<std::string>& lines, const std::string& needle) {
  std::size_t n = 0;
  for (const auto& line : lines) { n += line.find(needle) != std::string::npos ? 1 : 0; }
  return n;
}

// ---- the receiver ---------------------------------------------------------------------

TEST(Receiver, PrintsItsUrlFirstAndStopsCleanlyOnSigterm) {
  receiver r({"--secret", kSecret, "--path", "/hooks/oncehub.v2"});
  EXPECT_TRUE(
      std::regex_match(r.first_line(), std::regex(R"(listening on http://127\.0\.0\.1:[0-9]+/hooks/oncehub\.v2)")))
      << r.first_line();
  auto client = r.client();
  const std::string body = fixture(kBooking);
  EXPECT_EQ(post(client, "/hooks/oncehub.v2", body), 200);
  EXPECT_EQ(post(client, "/hooks/oncehubXv2", with_id(body, "EVNT-OTHERPATH1")), 404);  // the '.' is literal
  EXPECT_EQ(r.stop(SIGTERM), 0);
  EXPECT_NE(r.err().find("stopped by SIGTERM"), std::string::npos) << r.err();
  EXPECT_EQ(r.summary().at("deliveries"), 1);
}

TEST(Receiver, StopsCleanlyOnSigint) {
  receiver r;
  EXPECT_EQ(r.stop(SIGINT), 0);
  EXPECT_NE(r.err().find("stopped by SIGINT"), std::string::npos) << r.err();
  EXPECT_EQ(r.summary().at("deliveries"), 0);
}

TEST(Receiver, FinishesInFlightWorkAndStopsPromptlyWithAnIdleConnectionOpen) {
  receiver r;
  auto client = r.client();
  client.set_keep_alive(true);
  ASSERT_EQ(post(client, r.path(), fixture(kBooking)), 200);  // the connection stays open, idle
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(r.stop(SIGTERM), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  EXPECT_EQ(r.summary().at("runs.bookings"), 1);
}

TEST(Receiver, HandlesOneDeliveryOfEveryEventTypeWith200) {
  receiver r;
  auto client = r.client();
  int known = 0;
  for (const auto& [type, file] : one_fixture_per_type()) {
    if (type == "unknown") { continue; }
    EXPECT_EQ(post(client, r.path(), test_data::read_file(file)), 200) << file;
    ++known;
  }
  ASSERT_EQ(known, 12);
  ASSERT_EQ(r.stop(), 0);
  const auto log = r.log();
  ASSERT_EQ(log.size(), 12u);
  for (const auto& [type, file] : one_fixture_per_type()) {
    if (type == "unknown") { continue; }
    const std::string handler = type == "booking.canceled"     ? "cancellations"
                                : type.starts_with("booking.") ? "bookings"
                                                               : "conversations";
    const std::regex line("^status=200 outcome=handled type=" + std::regex_replace(type, std::regex("\\."), "\\.") +
                          " id=EVNT-[0-9A-Z]{10} handler=" + handler + " secret=#1 bytes=[0-9]+ time=[0-9.]+ms$");
    std::size_t matching = 0;
    for (const auto& entry : log) { matching += std::regex_match(entry, line) ? 1 : 0; }
    EXPECT_EQ(matching, 1u) << type;
  }
  const auto s = r.summary();
  EXPECT_EQ(s.at("handled"), 12);
  EXPECT_EQ(s.at("runs.bookings"), 8);
  EXPECT_EQ(s.at("runs.cancellations"), 1);
  EXPECT_EQ(s.at("runs.conversations"), 4);
}

TEST(Receiver, AcknowledgesUnknownEventTypesWithoutHandlingThem) {
  receiver r;
  auto client = r.client();
  const auto files = test_data::json_files(test_data::data_dir() / "valid" / "unknown");
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) { EXPECT_EQ(post(client, r.path(), test_data::read_file(file)), 200) << file; }
  ASSERT_EQ(r.stop(), 0);
  EXPECT_EQ(count_containing(r.log(), "status=200 outcome=unknown_event "), files.size());
  const auto s = r.summary();
  EXPECT_EQ(s.at("unknown_event"), static_cast<long long>(files.size()));
  EXPECT_EQ(s.at("runs.bookings") + s.at("runs.conversations") + s.at("runs.cancellations"), 0);
}

TEST(Receiver, Answers401ForEverySignatureProblemAndHandlesNothing) {
  receiver r;
  auto client = r.client();
  const std::string body = fixture(kBooking);
  std::string tampered = body;
  tampered[tampered.size() / 2] = static_cast<char>(tampered[tampered.size() / 2] ^ 0x20);
  const auto signed_header = wh::sign(body, kSecret, now()).value();
  const auto post_with = [&](const std::string& b, const std::string& header) {
    const auto response = client.Post(r.path(), {{"Oncehub-Signature", header}}, b, "application/json");
    return response ? response->status : -1;
  };
  EXPECT_EQ(post(client, r.path(), body, ""), 401);                     // no header
  EXPECT_EQ(post(client, r.path(), body, "another-secret"), 401);       // wrong secret
  EXPECT_EQ(post_with(tampered, signed_header), 401);                   // body changed after signing
  EXPECT_EQ(post(client, r.path(), body, kSecret, now() - 301s), 401);  // too old
  EXPECT_EQ(post(client, r.path(), body, kSecret, now() + 301s), 401);  // too new
  EXPECT_EQ(post_with(body, "s=" + std::string(64, '0')), 401);         // malformed
  // The last hex digit changed, never to itself: it is '0' one signature in 16, which
  // made this test fail that often when it always wrote '0'.
  std::string wrong_digit = signed_header;
  wrong_digit.back() = wrong_digit.back() == '0' ? '1' : '0';
  EXPECT_EQ(post_with(body, wrong_digit), 401);  // one digit of the signature
  ASSERT_EQ(r.stop(), 0);
  const auto log = r.log();
  ASSERT_EQ(log.size(), 7u);
  EXPECT_EQ(count_containing(log, "status=401 outcome=unauthorized type=- id=- handler=-"), 7u);
  EXPECT_EQ(count_containing(log, "error=signature_header_missing"), 1u);
  EXPECT_EQ(count_containing(log, "error=signature_mismatch"), 3u);
  EXPECT_EQ(count_containing(log, "error=signature_timestamp_too_old"), 1u);
  EXPECT_EQ(count_containing(log, "error=signature_timestamp_too_new"), 1u);
  EXPECT_EQ(count_containing(log, "error=signature_header_malformed"), 1u);
  EXPECT_EQ(r.summary().at("runs.bookings"), 0);
}

TEST(Receiver, AppliesTheConfiguredTolerance) {
  receiver r({"--secret", kSecret, "--tolerance", "10"});
  auto client = r.client();
  const std::string body = fixture(kBooking);
  EXPECT_EQ(post(client, r.path(), body, kSecret, now() - 60s), 401);
  EXPECT_EQ(post(client, r.path(), body, kSecret, now() - 5s), 200);
}

TEST(Receiver, Answers400ForSignedBodiesThatAreNotDeliveries) {
  receiver r;
  auto client = r.client();
  std::size_t sent = 0;
  for (const auto& dir : fs::directory_iterator(test_data::data_dir() / "invalid")) {
    const auto files = test_data::json_files(dir.path());
    if (files.empty()) { continue; }
    EXPECT_EQ(post(client, r.path(), test_data::read_file(files.front())), 400) << files.front();
    ++sent;
  }
  ASSERT_GE(sent, 10u);
  ASSERT_EQ(r.stop(), 0);
  const auto log = r.log();
  EXPECT_EQ(count_containing(log, "status=400 outcome=malformed type=- id=- handler=- secret=- "), sent);
  for (const auto& dir : fs::directory_iterator(test_data::data_dir() / "invalid")) {
    EXPECT_EQ(count_containing(log, " error=" + dir.path().filename().string()), 1u) << dir.path();
  }
}

TEST(Receiver, Answers413OverTheLimitBeforeAnythingElse) {
  constexpr std::size_t limit = 4096;
  receiver r({"--secret", kSecret, "--max-body", std::to_string(limit)});
  auto client = r.client();
  client.set_keep_alive(true);
  const std::string body = fixture(kBooking);
  ASSERT_LT(body.size(), limit);
  const std::string at_limit = body + std::string(limit - body.size(), ' ');  // trailing whitespace is valid JSON
  EXPECT_EQ(post(client, r.path(), at_limit), 200);
  EXPECT_EQ(post(client, r.path(), at_limit + " "), 413);
  EXPECT_EQ(post(client, r.path(), at_limit + " ", ""), 413);  // the size before the signature
  // 8 MiB declared and sent: skipped, never stored, and the connection stays usable.
  EXPECT_EQ(post(client, r.path(), std::string(8u << 20, 'x')), 413);
  EXPECT_EQ(post(client, r.path(), with_id(body, "EVNT-AFTERBIG01")), 200);

  // Chunked bodies declare no length: the cap applies to the bytes as they arrive.
  const auto post_chunked = [&](const std::string& b) {
    const auto t = now();
    const auto response = client.Post(
        r.path(), {{"Oncehub-Signature", wh::sign(b, kSecret, t).value()}},
        [&b](std::size_t offset, httplib::DataSink& sink) {
          if (offset < b.size()) {
            sink.write(b.data() + offset, std::min<std::size_t>(1000, b.size() - offset));
          } else {
            sink.done();
          }
          return true;
        },
        "application/json");
    return response ? response->status : -1;
  };
  EXPECT_EQ(post_chunked(with_id(body, "EVNT-CHUNKED001")), 200);
  EXPECT_EQ(post_chunked(std::string(1u << 20, 'x')), 413);
  EXPECT_EQ(post(client, r.path(), with_id(body, "EVNT-AFTERCHUNK")), 200);
  client.stop();  // an idle kept-alive connection would delay the receiver's shutdown
  ASSERT_EQ(r.stop(), 0);
  const auto log = r.log();
  EXPECT_EQ(count_containing(log, "status=413 outcome=too_large "), 4u);
  EXPECT_EQ(count_containing(log, "bytes=8388608 "), 1u);  // declared, never read
  EXPECT_EQ(r.summary().at("runs.bookings"), 4);
}

/// Writes `request` on a new connection and reads until `until` has come back, the
/// server closes the connection, or `timeout` passes; what came back.
std::string raw_exchange(int port, const std::string& request, const std::string& until,
                         std::chrono::milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return "connect failed";
  }
  (void)::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string received;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) { continue; }
    char buffer[4096];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) { break; }
    received.append(buffer, static_cast<std::size_t>(n));
    if (received.find(until) != std::string::npos) { break; }
  }
  ::close(fd);
  return received;
}

TEST(Receiver, Answers413ToAHugeDeclaredBodyWithoutWaitingForIt) {
  receiver r({"--secret", kSecret, "--max-body", "4096"});
  const auto started = std::chrono::steady_clock::now();
  // 1 GiB announced, 10 bytes sent: the 413 comes at once (cpp-httplib would otherwise
  // wait for the body), and tells the sender to close the connection.
  const std::string answer = raw_exchange(r.port(),
                                          "POST " + r.path() +
                                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                              "Content-Length: 1073741824\r\n\r\n{\"id\":\"EV",
                                          "too_large\n", 10s);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413 ")) << answer;
  EXPECT_NE(answer.find("\r\nConnection: close\r\n"), std::string::npos) << answer;
  EXPECT_LT(elapsed, 3s);
  ASSERT_EQ(r.stop(), 0);
  EXPECT_EQ(count_containing(r.log(), "status=413 outcome=too_large type=- id=- handler=- secret=- bytes=1073741824 "),
            1u);
}

TEST(Receiver, AcknowledgesARepeatedDeliveryWithoutHandlingItAgain) {
  receiver r;
  auto client = r.client();
  const std::string body = fixture(kBooking);
  EXPECT_EQ(post(client, r.path(), body, kSecret, now() - 40s), 200);
  EXPECT_EQ(post(client, r.path(), body), 200);  // OnceHub's retry: same id, signed again
  EXPECT_EQ(post(client, r.path(), body), 200);
  ASSERT_EQ(r.stop(), 0);
  const auto log = r.log();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_TRUE(
      log[0].starts_with("status=200 outcome=handled type=booking.scheduled id=EVNT-7QX2LM9B4D handler=bookings"))
      << log[0];
  EXPECT_TRUE(log[1].starts_with("status=200 outcome=duplicate type=booking.scheduled id=EVNT-7QX2LM9B4D handler=-"))
      << log[1];
  EXPECT_EQ(r.summary().at("runs.bookings"), 1);
  EXPECT_EQ(r.summary().at("duplicate"), 2);
}

TEST(Receiver, HandlesEveryCopyWhenDeduplicationIsOff) {
  receiver r({"--secret", kSecret, "--dedup-window", "0"});
  auto client = r.client();
  const std::string body = fixture(kBooking);
  EXPECT_EQ(post(client, r.path(), body), 200);
  EXPECT_EQ(post(client, r.path(), body), 200);
  ASSERT_EQ(r.stop(), 0);
  EXPECT_EQ(r.summary().at("runs.bookings"), 2);
}

TEST(Receiver, AcceptsEverySecretWhileRotatingAndNeverLogsOne) {
  const std::string old_secret = "rotating-old-6b86b273ff34fce1";
  const std::string new_secret = "rotating-new-d4735e3a265e16ee";
  receiver r({"--secret", new_secret, "--secret", old_secret});
  auto client = r.client();
  const std::string body = fixture(kBooking);
  EXPECT_EQ(post(client, r.path(), with_id(body, "EVNT-ROTATION01"), old_secret), 200);
  EXPECT_EQ(post(client, r.path(), with_id(body, "EVNT-ROTATION02"), new_secret), 200);
  EXPECT_EQ(post(client, r.path(), with_id(body, "EVNT-ROTATION03"), kSecret), 401);
  ASSERT_EQ(r.stop(), 0);
  const auto log = r.log();
  EXPECT_EQ(count_containing(log, "id=EVNT-ROTATION01 handler=bookings secret=#2 "), 1u);
  EXPECT_EQ(count_containing(log, "id=EVNT-ROTATION02 handler=bookings secret=#1 "), 1u);
  for (const std::string& s : {old_secret, new_secret}) {
    EXPECT_EQ(r.out().find(s), std::string::npos);
    EXPECT_EQ(r.err().find(s), std::string::npos);
  }
}

TEST(Receiver, ReadsSecretsFromTheEnvironment) {
  receiver r({}, {"ONCEHUB_WEBHOOK_SECRET=env-one-aaaaaaaa,env-two-bbbbbbbb"});
  auto client = r.client();
  EXPECT_EQ(post(client, r.path(), fixture(kBooking), "env-two-bbbbbbbb"), 200);
  ASSERT_EQ(r.stop(), 0);
  EXPECT_EQ(count_containing(r.log(), " secret=env#2 "), 1u);
  EXPECT_EQ(r.out().find("bbbbbbbb"), std::string::npos);
}

TEST(Receiver, RefusesToStartWithoutASecret) {
  e2e::child_process p({ONCEHUB_WEBHOOK_RECEIVER, "--port", "0"});
  EXPECT_EQ(p.wait(), 2);
  EXPECT_NE(p.err().find("no secret"), std::string::npos) << p.err();
  EXPECT_EQ(p.out(), "");
}

// Issue 12, item 1: configured secrets with stray whitespace. Each configuration starts a
// receiver, a delivery OnceHub signed with `live-secret-4f2a` must be answered 200 and
// logged with the label of the secret that matched, stderr says once which item was
// trimmed, and no secret appears in any output.
TEST(Receiver, TrimsWhitespaceAroundConfiguredSecrets) {
  const std::string live = "live-secret-4f2a";
  struct configuration {
    std::vector<std::string> flags;
    std::string environment;
    std::string label;  // of the secret that matches
    std::string note;   // what stderr says, once
  };
  const std::string env_note = "note: trimmed the whitespace around ONCEHUB_WEBHOOK_SECRET ";
  const std::string tail = " (OnceHub secrets contain none; values not shown)";
  const configuration configurations[] = {
      {{}, "old-secret-0000, live-secret-4f2a", "env#2", env_note + "env#2" + tail},
      {{}, "live-secret-4f2a\n", "env#1", env_note + "env#1" + tail},
      {{}, "live-secret-4f2a\r\n", "env#1", env_note + "env#1" + tail},
      {{}, " old-secret-0000 ,\tlive-secret-4f2a\r\n", "env#2", env_note + "env#1, env#2" + tail},
      {{}, "old-secret-0000,live-secret-4f2a", "env#2", ""},
      {{"--secret", "live-secret-4f2a\r\n"},
       "",
       "#1",
       "note: trimmed the whitespace around --secret #1" + tail},  // --secret "$(cat f)"
      {{"--secret", "old-secret-0000", "--secret", " live-secret-4f2a"},
       "",
       "#2",
       "note: trimmed the whitespace around --secret #2" + tail},
  };
  int id = 0;
  for (const configuration& c : configurations) {
    SCOPED_TRACE(testing::PrintToString(c.environment) + " " + testing::PrintToString(c.flags));
    std::vector<std::string> environment;
    if (!c.environment.empty()) { environment.push_back("ONCEHUB_WEBHOOK_SECRET=" + c.environment); }
    receiver r(c.flags, environment);
    auto client = r.client();
    const std::string event_id = "EVNT-TRIMMED0" + std::to_string(id++);
    EXPECT_EQ(post(client, r.path(), with_id(fixture(kBooking), event_id), live), 200);
    EXPECT_EQ(post(client, r.path(), with_id(fixture(kBooking), event_id + "X"), live + "\n"), 401);
    ASSERT_EQ(r.stop(), 0);
    EXPECT_EQ(count_containing(r.log(), "status=200 outcome=handled type=booking.scheduled id=" + event_id +
                                            " handler=bookings secret=" + c.label + " "),
              1u);
    const auto err_lines = e2e::lines_of(r.err());
    EXPECT_EQ(count_containing(err_lines, "note: "), c.note.empty() ? 0u : 1u) << r.err();
    if (!c.note.empty()) { EXPECT_EQ(count_containing(err_lines, c.note), 1u) << r.err(); }
    for (const std::string& s : {live, std::string("old-secret")}) {
      EXPECT_EQ(r.out().find(s), std::string::npos);
      EXPECT_EQ(r.err().find(s), std::string::npos);
    }
  }
}

TEST(Receiver, RefusesToStartOnAMangledSecret) {
  struct refusal {
    std::vector<std::string> flags;
    std::string environment;
    std::string first_line;
  };
  const std::string rule = "OnceHub secrets are 32 lower-case hex characters";
  const refusal refusals[] = {
      {{},
       "old-secret-0000 live-secret-4f2a",
       "error: ONCEHUB_WEBHOOK_SECRET contains a space inside it (byte 16 of 32); separate several secrets with "
       "commas; " +
           rule},
      {{},
       "old-secret-0000,live secret-4f2a",
       "error: ONCEHUB_WEBHOOK_SECRET item 2 contains a space inside it (byte 5 of 16); separate several secrets "
       "with commas; " +
           rule},
      {{},
       "old-secret-0000,,live-secret-4f2a",
       "error: ONCEHUB_WEBHOOK_SECRET item 2 is empty; a doubled or trailing comma?"},
      {{},
       "live-secret-4f2a,\n",
       "error: ONCEHUB_WEBHOOK_SECRET item 2 is empty after trimming whitespace; a doubled "
       "or trailing comma?"},
      {{}, " \r\n", "error: ONCEHUB_WEBHOOK_SECRET is empty after trimming whitespace; " + rule},
      {{"--secret", ""}, "", "error: --secret is empty; " + rule},
      {{"--secret", "live-secret-4f2a\x1b[0m"},
       "",
       "error: --secret contains a control character (U+001B) at byte 17 of 20; " + rule},
      {{"--secret", "old-secret-0000", "--secret", "live\tsecret"},
       "",
       "error: --secret item 2 contains a tab inside it (byte 5 of 11); separate several secrets with commas; " + rule},
  };
  for (const refusal& c : refusals) {
    SCOPED_TRACE(testing::PrintToString(c.environment) + " " + testing::PrintToString(c.flags));
    std::vector<std::string> argv{ONCEHUB_WEBHOOK_RECEIVER, "--port", "0"};
    argv.insert(argv.end(), c.flags.begin(), c.flags.end());
    std::vector<std::string> environment;
    if (!c.flags.size()) { environment.push_back("ONCEHUB_WEBHOOK_SECRET=" + c.environment); }
    e2e::child_process p(argv, environment);
    EXPECT_EQ(p.wait(), 2);
    EXPECT_EQ(p.out(), "");  // never "listening on"
    const auto lines = e2e::lines_of(p.err());
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.front(), c.first_line);
    for (const std::string& s : {std::string("live-secret"), std::string("old-secret"), std::string("live secret")}) {
      EXPECT_EQ(p.err().find(s), std::string::npos) << p.err();
    }
  }
}

TEST(Receiver, ServesOnlyPostOnItsPath) {
  receiver r;
  auto client = r.client();
  const auto get = client.Get(r.path());
  ASSERT_TRUE(get);
  EXPECT_GE(get->status, 400);
  EXPECT_EQ(post(client, "/elsewhere", fixture(kBooking)), 404);
  ASSERT_EQ(r.stop(), 0);
  EXPECT_TRUE(r.log().empty());
}

// ---- oncehub-webhook send -------------------------------------------------------------

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

run_result send(const std::vector<std::string>& args, std::vector<std::string> environment = {}) {
  std::vector<std::string> argv{ONCEHUB_WEBHOOK_CLI, "send"};
  argv.insert(argv.end(), args.begin(), args.end());
  e2e::child_process p(argv, std::move(environment));
  const auto code = p.wait(60s);
  return {code.value_or(-1), p.out(), p.err()};
}

std::string data_path(const std::string& relative) { return (test_data::data_dir() / relative).string(); }

TEST(Send, PostsEachFileSignedAndPrintsItsStatus) {
  receiver r;
  const std::string unknown = data_path("valid/unknown/contact-created.json");
  const std::string malformed =
      data_path("invalid/malformed_json/" +
                test_data::json_files(test_data::data_dir() / "invalid/malformed_json").front().filename().string());
  const auto result = send({"--url", r.url(), "--secret", kSecret, data_path(kBooking), unknown, malformed});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "200 " + data_path(kBooking) + "\n200 " + unknown + "\n400 " + malformed + "\n");
  EXPECT_NE(result.err.find("sent 3 requests in "), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kSecret), std::string::npos);
  ASSERT_EQ(r.stop(), 0);
  EXPECT_EQ(r.summary().at("runs.bookings"), 1);
  EXPECT_EQ(r.summary().at("unknown_event"), 1);
}

TEST(Send, SignsWithTheEnvironmentSecretAndTheGivenTimestamp) {
  receiver r({"--secret", kSecret, "--tolerance", "1000000000"});
  const std::string file = data_path(kBooking);
  const auto result =
      send({"--url", r.url(), "--timestamp", "1700000000", file}, {"ONCEHUB_WEBHOOK_SECRET=" + kSecret});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "200 " + file + "\n");
  EXPECT_EQ(result.err, "");
  ASSERT_EQ(r.stop(), 0);
  EXPECT_EQ(r.summary().at("runs.bookings"), 1);

  receiver strict;  // default tolerance: t=1700000000 is long gone
  EXPECT_EQ(send({"--url", strict.url(), "--secret", kSecret, "--timestamp", "1700000000", file}).out,
            "401 " + file + "\n");
}

TEST(Send, TrimsAPastedUrlAndSecretAndSaysSoWithoutShowingThem) {
  receiver r;
  const std::string file = data_path(kBooking);
  const auto result = send({"--url", " " + r.url() + "\r\n", file}, {"ONCEHUB_WEBHOOK_SECRET=" + kSecret + "\r\n"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "200 " + file + "\n");
  EXPECT_EQ(result.err,
            "note: trimmed the whitespace around --url (value not shown)\n"
            "note: trimmed the whitespace around ONCEHUB_WEBHOOK_SECRET env#1 (OnceHub secrets contain none; values "
            "not shown)\n");
  const auto refused = send({"--url", r.url() + " x", file}, {"ONCEHUB_WEBHOOK_SECRET=" + kSecret});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err.substr(0, refused.err.find('\n')), "error: --url contains a space inside it (byte " +
                                                               std::to_string(r.url().size() + 1) + " of " +
                                                               std::to_string(r.url().size() + 2) + ")");
  ASSERT_EQ(r.stop(), 0);
  EXPECT_EQ(r.summary().at("runs.bookings"), 1);
  EXPECT_EQ(r.err().find(kSecret), std::string::npos);
}

TEST(Send, TamperedDeliveriesAreRefusedAndFailOnlyWithFail) {
  receiver r;
  const std::string file = data_path(kBooking);
  const auto tampered = send({"--url", r.url(), "--secret", kSecret, "--tamper", file});
  EXPECT_EQ(tampered.exit_code, 0);
  EXPECT_EQ(tampered.out, "401 " + file + "\n");
  const auto failing = send({"--url", r.url(), "--secret", kSecret, "--tamper", "--fail", file});
  EXPECT_EQ(failing.exit_code, 1);
  EXPECT_EQ(failing.out, "401 " + file + "\n");
  EXPECT_EQ(send({"--url", r.url(), "--secret", kSecret, "--fail", file}).exit_code, 0);
  ASSERT_EQ(r.stop(), 0);
  EXPECT_EQ(count_containing(r.log(), "error=signature_mismatch"), 2u);
  EXPECT_EQ(r.summary().at("runs.bookings"), 1);
}

TEST(Send, RepeatSendsEachFileNTimesAndCountsTheStatuses) {
  receiver r;
  const std::string file = data_path(kBooking);
  const auto result = send({"--url", r.url(), "--secret", kSecret, "--repeat", "5", file});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "200x5 " + file + "\n");
  EXPECT_TRUE(std::regex_search(result.err, std::regex(R"(^sent 5 requests in [0-9.e-]+ s \([0-9]+ per second\)\n$)")))
      << result.err;
  ASSERT_EQ(r.stop(), 0);
  EXPECT_EQ(r.summary().at("deliveries"), 5);
  EXPECT_EQ(r.summary().at("duplicate"), 4);
  EXPECT_EQ(r.summary().at("runs.bookings"), 1);
}

TEST(Send, ReportsFilesWithNoAnswerAndGoesOn) {
  int closed_port = 0;
  {
    receiver gone;
    closed_port = gone.port();
    ASSERT_EQ(gone.stop(), 0);
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port) + "/webhooks/oncehub";
  const std::string a = data_path(kBooking);
  const std::string b = data_path(kConversation);
  const auto result = send({"--url", url, "--secret", kSecret, "--repeat", "3", a, b});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "error " + a + ": Connection\nerror " + b + ": Connection\n");
  const auto missing = send({"--url", url, "--secret", kSecret, "/nonexistent/delivery.json"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot open /nonexistent/delivery.json"), std::string::npos) << missing.err;
}

TEST(Send, UsageErrorsExit2) {
  const std::string file = data_path(kBooking);
  EXPECT_EQ(send({"--secret", kSecret, file}).exit_code, 2);                                // no --url
  EXPECT_EQ(send({"--url", "http://127.0.0.1:1/x", "--secret", kSecret}).exit_code, 2);     // no file
  EXPECT_EQ(send({"--url", "http://127.0.0.1:1/x", file}).exit_code, 2);                    // no secret
  EXPECT_EQ(send({"--url", "ftp://127.0.0.1/x", "--secret", kSecret, file}).exit_code, 2);  // scheme
  EXPECT_EQ(send({"--url", "http://127.0.0.1:1/x", "--secret", kSecret, "--repeat", "0", file}).exit_code, 2);
  EXPECT_EQ(send({"--url", "http://127.0.0.1:1/x", "--secret", kSecret, "--bogus", file}).exit_code, 2);
  const auto help = send({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--tamper"), std::string::npos);
}

// ---- concurrency ----------------------------------------------------------------------

TEST(Concurrency, EveryDeliveryIsAnsweredAndHandledExactlyOnce) {
  constexpr int senders = 6;
  constexpr int per_sender = 500;
  constexpr int rounds = 300;  // deliveries every sender sends at the same instant
  constexpr int unique = senders * per_sender + rounds;
  receiver r({"--secret", kSecret, "--threads", "8"});
  const std::string booking = fixture(kBooking);
  const std::string conversation = fixture(kConversation);
  const auto id_of = [](int i) {
    char id[32];
    std::snprintf(id, sizeof id, "EVNT-C%09d", i);
    return std::string(id);
  };
  const auto body_of = [&](int i) { return with_id(i % 3 == 0 ? conversation : booking, id_of(i)); };
  std::barrier together(senders);
  {
    // One request first, from this thread: cpp-httplib's client initialises function-local
    // static regexes on first use, and ThreadSanitizer cannot see that synchronisation
    // inside the (uninstrumented) shared library. Not a delivery: nothing is counted.
    auto warm_up = r.client();
    ASSERT_TRUE(warm_up.Get("/"));
  }

  std::atomic<long long> requests{0};
  std::atomic<long long> conflicts{0};
  std::atomic<long long> unanswered{0};
  std::atomic<long long> unexpected{0};
  std::vector<std::thread> threads;
  for (int s = 0; s < senders; ++s) {
    threads.emplace_back([&, s] {
      httplib::Client client("127.0.0.1", r.port());
      client.set_keep_alive(true);
      client.set_read_timeout(30s);
      client.set_tcp_nodelay(true);
      // Sends until the answer is final: 409 means another copy is in flight, and
      // OnceHub would retry it, so the test does too.
      const auto deliver = [&](int i) {
        const std::string body = body_of(i);
        for (int attempt = 0; attempt < 1000; ++attempt) {
          const int status = post(client, r.path(), body);
          requests.fetch_add(1);
          if (status == 200) { return; }
          if (status == 409) {
            conflicts.fetch_add(1);
            std::this_thread::sleep_for(1ms);
            continue;
          }
          (status < 0 ? unanswered : unexpected).fetch_add(1);
          return;
        }
        unexpected.fetch_add(1);
      };
      for (int k = 0; k < per_sender; ++k) {
        // Every fourth step, first the neighbour's delivery of this step: a copy that races
        // the neighbour's own first send of it.
        if (k % 4 == 0) { deliver(k * senders + (s + 1) % senders); }
        deliver(k * senders + s);
      }
      // Then identical copies from every sender at once, as a retry racing the original.
      for (int k = 0; k < rounds; ++k) {
        together.arrive_and_wait();
        deliver(senders * per_sender + k);
      }
    });
  }
  for (auto& t : threads) { t.join(); }
  EXPECT_EQ(unanswered.load(), 0);
  EXPECT_EQ(unexpected.load(), 0);

  ASSERT_EQ(r.stop(), 0);
  const auto s = r.summary();
  EXPECT_EQ(s.at("deliveries"), requests.load());
  EXPECT_EQ(s.at("handled"), unique);
  EXPECT_EQ(s.at("runs.bookings") + s.at("runs.conversations"), unique);
  int conversations = 0;
  for (int i = 0; i < unique; ++i) { conversations += i % 3 == 0 ? 1 : 0; }
  EXPECT_EQ(s.at("runs.conversations"), conversations);
  EXPECT_EQ(s.at("in_progress"), conflicts.load());
  EXPECT_EQ(s.at("duplicate") + s.at("in_progress") + s.at("handled"), requests.load());

  // Each id handled exactly once, by the log.
  std::set<std::string> handled_ids;
  std::size_t handled_lines = 0;
  static const std::regex handled(R"(^status=200 outcome=handled type=\S+ id=(EVNT-C[0-9]{9}) )");
  for (const std::string& line : r.log()) {
    std::smatch m;
    if (std::regex_search(line, m, handled)) {
      ++handled_lines;
      handled_ids.insert(m[1]);
    }
  }
  EXPECT_EQ(handled_lines, static_cast<std::size_t>(unique));
  ASSERT_EQ(handled_ids.size(), static_cast<std::size_t>(unique));
  EXPECT_EQ(*handled_ids.begin(), id_of(0));
  EXPECT_EQ(*handled_ids.rbegin(), id_of(unique - 1));
  std::cout << "[          ] " << requests.load() << " requests, " << unique << " unique deliveries, "
            << s.at("duplicate") << " duplicates, " << conflicts.load() << " answered 409 while in flight\n";
}

}  // namespace
