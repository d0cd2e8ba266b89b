// SPDX-License-Identifier: MIT
/// @file
/// A child process for the end-to-end tests: spawned with its own environment, its
/// standard output and error drained continuously (so a chatty child never blocks on a
/// full pipe) and readable line by line while it runs.
#ifndef ONCEHUB_WEBHOOKS_TESTS_E2E_PROCESS_HPP
#define ONCEHUB_WEBHOOKS_TESTS_E2E_PROCESS_HPP

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace e2e {

class child_process {
 public:
  /// Starts `argv[0]` with `argv`; `environment` entries ("NAME=value") are added to ours,
  /// and `unset` names are removed from it.
  child_process(const std::vector<std::string>& argv, const std::vector<std::string>& environment = {},
                const std::vector<std::string>& unset = {"ONCEHUB_WEBHOOK_SECRET"}) {
    int out_pipe[2];
    int err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) { throw std::runtime_error("pipe failed"); }
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry = *e;
      bool drop = false;
      for (const std::string& name : unset) { drop = drop || entry.rfind(name + "=", 0) == 0; }
      if (!drop) { env.push_back(entry); }
    }
    env.insert(env.end(), environment.begin(), environment.end());
    std::vector<char*> envp;
    for (std::string& e : env) { envp.push_back(e.data()); }
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> argvp;
    for (std::string& a : args) { argvp.push_back(a.data()); }
    argvp.push_back(nullptr);

    // fork + exec rather than posix_spawn, to ask for SIGKILL when the test dies: a
    // crashed test must not leave a receiver behind. (The signal follows the thread that
    // forks: the tests start children from their main thread.) Only async-signal-safe
    // calls between fork and exec, since other threads may hold locks.
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) { ::_exit(127); }  // the parent died before prctl
      ::dup2(out_pipe[1], STDOUT_FILENO);
      ::dup2(err_pipe[1], STDERR_FILENO);
      ::execve(argvp[0], argvp.data(), envp.data());
      ::_exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (pid_ < 0) {
      close(out_pipe[0]);
      close(err_pipe[0]);
      throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(errno));
    }
    out_reader_ = std::thread([this, fd = out_pipe[0]] { drain(fd, out_); });
    err_reader_ = std::thread([this, fd = err_pipe[0]] { drain(fd, err_); });
  }

  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  ~child_process() {
    if (!exit_code_) {
      ::kill(pid_, SIGKILL);
      (void)wait(std::chrono::seconds(10));
    }
  }

  /// The first line of standard output, waiting up to `timeout` for it.
  std::optional<std::string> first_line(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return out_.find('\n') != std::string::npos || closed_ == 2; });
    const auto end = out_.find('\n');
    if (end == std::string::npos) { return std::nullopt; }
    return out_.substr(0, end);
  }

  /// Sends `signal_number` to the child.
  void signal(int signal_number) const { ::kill(pid_, signal_number); }

  /// Waits for the child to exit; its exit code, or 128 + signal, or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    if (exit_code_) { return exit_code_; }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (true) {
      const pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) { break; }
      if (std::chrono::steady_clock::now() > deadline) { return std::nullopt; }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    out_reader_.join();
    err_reader_.join();
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_code_;
  }

  /// Everything written to standard output / error so far.
  std::string out() const {
    std::lock_guard lock(mutex_);
    return out_;
  }
  std::string err() const {
    std::lock_guard lock(mutex_);
    return err_;
  }

 private:
  void drain(int fd, std::string& into) {
    char buffer[65536];
    while (true) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) { continue; }
      if (n <= 0) { break; }
      std::lock_guard lock(mutex_);
      into.append(buffer, static_cast<std::size_t>(n));
      changed_.notify_all();
    }
    close(fd);
    std::lock_guard lock(mutex_);
    ++closed_;
    changed_.notify_all();
  }

  pid_t pid_ = -1;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string out_;
  std::string err_;
  int closed_ = 0;
  std::thread out_reader_;
  std::thread err_reader_;
  std::optional<int> exit_code_;
};

/// The lines of `text` (without their '\n').
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) { end = text.size(); }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace e2e

#endif  // ONCEHUB_WEBHOOKS_TESTS_E2E_PROCESS_HPP
