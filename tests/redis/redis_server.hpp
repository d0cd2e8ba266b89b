// SPDX-License-Identifier: MIT
/// @file
/// A private `redis-server` for one test: persistence off, on a unix socket in its own
/// temporary directory (and, when asked, on a free loopback port), started and stopped by
/// pid. Restartable on the same socket, to test clients across a Redis restart; pausable
/// (SIGSTOP), to test a Redis that stops answering.
#ifndef ONCEHUB_WEBHOOKS_TESTS_REDIS_SERVER_HPP
#define ONCEHUB_WEBHOOKS_TESTS_REDIS_SERVER_HPP

#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "e2e/process.hpp"

namespace redis_test {

// hiredis writes with write(2): a server that hangs up must be an error, not SIGPIPE.
inline const bool sigpipe_ignored = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

/// A free loopback TCP port (bound, then released: good enough for a test).
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

class server {
 public:
  /// `tcp`: also listen on 127.0.0.1:<a free port>; `requirepass` non-empty: clients must AUTH.
  explicit server(bool tcp = false, std::string requirepass = {}) : options_{tcp, std::move(requirepass)} {
    char dir[] = "/tmp/oncehub-redis-XXXXXX";
    if (::mkdtemp(dir) == nullptr) { throw std::runtime_error("mkdtemp failed"); }
    dir_ = dir;
    if (options_.tcp) { port_ = free_port(); }
    start();
  }
  ~server() {
    process_.reset();  // SIGKILL if still running
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Starts it (again, on the same socket and port, empty) and waits until it answers.
  void start() {
    std::vector<std::string> argv{ONCEHUB_WEBHOOKS_REDIS_SERVER,
                                  "--port",
                                  std::to_string(port_),
                                  "--bind",
                                  "127.0.0.1",
                                  "--unixsocket",
                                  socket(),
                                  "--unixsocketperm",
                                  "700",
                                  "--save",
                                  "",
                                  "--appendonly",
                                  "no",
                                  "--dir",
                                  dir_.string(),
                                  "--daemonize",
                                  "no",
                                  "--loglevel",
                                  "warning"};
    if (!options_.requirepass.empty()) {
      argv.push_back("--requirepass");
      argv.push_back(options_.requirepass);
    }
    std::error_code ignored;
    std::filesystem::remove(socket(), ignored);
    process_ = std::make_unique<e2e::child_process>(argv);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!answers()) {
      if (std::chrono::steady_clock::now() > deadline || process_->wait(std::chrono::milliseconds(0))) {
        throw std::runtime_error("redis-server did not start: " + process_->out() + process_->err());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  /// Stops it by pid (SIGTERM: it exits at once, with persistence off) and waits.
  void stop() {
    process_->signal(SIGTERM);
    if (!process_->wait(std::chrono::seconds(10))) { throw std::runtime_error("redis-server did not stop"); }
  }
  /// SIGSTOP / SIGCONT: a server that accepts connections but never answers.
  void pause() { process_->signal(SIGSTOP); }
  void resume() { process_->signal(SIGCONT); }

  [[nodiscard]] std::string socket() const { return (dir_ / "redis.sock").string(); }
  [[nodiscard]] std::string unix_url() const { return "unix://" + socket(); }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string tcp_url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }

  /// Runs one command on a fresh connection (unix socket), for looking behind the store.
  [[nodiscard]] std::optional<std::string> run(const std::vector<std::string>& args, int db = 0) const {
    redisContext* c = redisConnectUnix(socket().c_str());
    if (c == nullptr || c->err != 0) {
      if (c != nullptr) { redisFree(c); }
      return std::nullopt;
    }
    const auto call = [&](const std::vector<std::string>& a) -> std::optional<std::string> {
      std::vector<const char*> argv;
      std::vector<std::size_t> lengths;
      for (const auto& s : a) {
        argv.push_back(s.data());
        lengths.push_back(s.size());
      }
      auto* r = static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(a.size()), argv.data(), lengths.data()));
      if (r == nullptr) { return std::nullopt; }
      std::optional<std::string> out;
      if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS || r->type == REDIS_REPLY_ERROR) {
        out = std::string(r->str, r->len);
      } else if (r->type == REDIS_REPLY_INTEGER) {
        out = std::to_string(r->integer);
      } else if (r->type == REDIS_REPLY_NIL) {
        out = "(nil)";
      } else {
        out = "(array)";
      }
      freeReplyObject(r);
      return out;
    };
    std::optional<std::string> out;
    bool ok = true;
    if (!options_.requirepass.empty()) { ok = call({"AUTH", options_.requirepass}) == "OK"; }
    if (ok && db != 0) { ok = call({"SELECT", std::to_string(db)}) == "OK"; }
    if (ok) { out = call(args); }
    redisFree(c);
    return out;
  }

 private:
  bool answers() const {
    if (!std::filesystem::exists(socket())) { return false; }
    const auto reply = run({"PING"});
    return reply && (*reply == "PONG" || reply->starts_with("NOAUTH"));
  }

  struct {
    bool tcp;
    std::string requirepass;
  } options_;
  std::filesystem::path dir_;
  int port_ = 0;
  std::unique_ptr<e2e::child_process> process_;
};

}  // namespace redis_test

#endif  // ONCEHUB_WEBHOOKS_TESTS_REDIS_SERVER_HPP
