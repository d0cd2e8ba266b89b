// SPDX-License-Identifier: MIT
// `oncehub-webhook webhooks` as a process, against a loopback fake of OnceHub's Webhooks
// API started by each test (cpp-httplib on 127.0.0.1, an ephemeral port): the fake records
// every request (method, target, headers, body) and answers what the test scripted.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <simdjson.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/test_data.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;

// Distinctive, so any leak into the CLI's output is found by a plain search.
const std::string kApiKey = "key-7f3a9c2e51d84b06-never-print-me";

std::string api_fixture(std::string_view name) {
  const fs::path path = test_data::data_dir() / "api" / std::string(name);
  EXPECT_TRUE(fs::exists(path)) << path;
  return test_data::read_file(path);
}

/// One request as the fake received it.
struct recorded_request {
  std::string method;
  std::string target;  // path and query, as sent
  std::string path;
  std::map<std::string, std::string> params;
  httplib::Headers headers;
  std::string body;

  [[nodiscard]] std::string header(const std::string& name) const {
    const auto it = headers.find(name);  // case-insensitive
    return it == headers.end() ? std::string("(absent)") : it->second;
  }
};

/// The Webhooks API, faked on 127.0.0.1: every request is recorded and answered with the
/// scripted status and body (and a Request-Id header).
class fake_api {
 public:
  fake_api() {
    const auto handler = [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      recorded_request r;
      r.method = request.method;
      r.target = request.target;
      r.path = request.path;
      for (const auto& [key, value] : request.params) { r.params[key] = value; }
      r.headers = request.headers;
      r.body = request.body;
      requests_.push_back(std::move(r));
      response.status = status_;
      response.set_header("Request-Id", "REQ-FAKE-" + std::to_string(requests_.size()));
      response.set_content(body_, content_type_);
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Delete(".*", handler);
    server_.Put(".*", handler);
    server_.Patch(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  ~fake_api() {
    server_.stop();
    thread_.join();
  }
  fake_api(const fake_api&) = delete;
  fake_api& operator=(const fake_api&) = delete;

  /// What every following request is answered with.
  void answer(int status, std::string body, std::string content_type = "application/json") {
    std::lock_guard lock(mutex_);
    status_ = status;
    body_ = std::move(body);
    content_type_ = std::move(content_type);
  }
  [[nodiscard]] std::vector<recorded_request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v2"; }
  [[nodiscard]] bool listening() const { return port_ > 0 && server_.is_running(); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  mutable std::mutex mutex_;
  std::vector<recorded_request> requests_;
  int status_ = 200;
  std::string body_ = "{}";
  std::string content_type_ = "application/json";
};

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the CLI with `args`; `env` adds (or, with no value, removes) environment
/// variables. ONCEHUB_API_KEY is set to kApiKey unless `env` says otherwise. Kills the
/// child after 60 s.
run_result run(const std::vector<std::string>& args,
               const std::map<std::string, std::optional<std::string>>& env = {}) {
  static int counter = 0;
  const fs::path dir = fs::temp_directory_path() / ("oncehub-api-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string id = std::to_string(counter++);
  const fs::path out = dir / ("out" + id), err = dir / ("err" + id);

  std::map<std::string, std::optional<std::string>> changes = env;
  changes.try_emplace("ONCEHUB_API_KEY", kApiKey);
  std::vector<std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (!changes.contains(entry.substr(0, entry.find('=')))) { environment.push_back(entry); }
  }
  for (const auto& [name, value] : changes) {
    if (value) { environment.push_back(name + "=" + *value); }
  }
  std::vector<char*> envp;
  for (std::string& e : environment) { envp.push_back(e.data()); }
  envp.push_back(nullptr);
  std::vector<std::string> argv_strings{ONCEHUB_WEBHOOK_CLI};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) { argv.push_back(a.data()); }
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  run_result r;
  if (spawned != 0) {
    ADD_FAILURE() << "cannot start " << argv[0];
    return r;
  }
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ADD_FAILURE() << "the CLI did not finish within 60 s";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = test_data::read_file(out);
  r.err = test_data::read_file(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) { ++n; }
  return n;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

void expect_key_not_printed(const run_result& r) {
  EXPECT_EQ(count(r.out + r.err, kApiKey), 0u) << "the API key was printed:\n" << r.out << r.err;
  EXPECT_EQ(count(r.out + r.err, kApiKey.substr(0, 12)), 0u) << "part of the API key was printed";
}

/// The headers every call sends.
void expect_api_headers(const recorded_request& request) {
  EXPECT_EQ(request.header("API-Key"), kApiKey);
  EXPECT_EQ(request.header("Content-Type"), "application/json");
  EXPECT_EQ(request.header("Accept"), "application/json");
}

class CliWebhooks : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(api.listening()); }
  fake_api api;
};

// ---- create -------------------------------------------------------------------------------

TEST_F(CliWebhooks, CreateSendsTheBodyAndPrintsTheAnswerWithItsSecretOnce) {
  const std::string answer = api_fixture("webhook-created.json");
  api.answer(200, answer);
  const run_result r = run({"webhooks", "create", "--name", "CRM sync", "--url", "https://hooks.example.com/oncehub",
                            "--events", "booking,conversation.closed", "--base-url", api.base_url()});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const auto requests = api.requests();
  ASSERT_EQ(requests.size(), 1u);
  const recorded_request& request = requests.front();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/v2/webhooks");
  expect_api_headers(request);
  EXPECT_EQ(request.body, R"({"name":"CRM sync","url":"https://hooks.example.com/oncehub",)"
                          R"("events":["booking","conversation.closed"]})");

  // stdout is the API's answer, as JSON; the secret appears once in all the output.
  EXPECT_EQ(r.out, answer.ends_with('\n') ? answer : answer + "\n");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(doc["secret"]), "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
  EXPECT_EQ(count(r.out + r.err, "0f1e2d3c4b5a69788796a5b4c3d2e1f0"), 1u);
  EXPECT_NE(r.err.find("OnceHub shows it only now, at creation"), std::string::npos) << r.err;
  expect_key_not_printed(r);
}

TEST_F(CliWebhooks, CreateEscapesTheBodyAndSplitsRepeatedEvents) {
  api.answer(200, api_fixture("webhook-created.json"));
  const run_result r =
      run({"webhooks", "create", "--base-url=" + api.base_url(), "--name=Say \"hi\" \\ now", "--url",
           "https://example.com/a?b=1&c=2", "--events", "booking.canceled, booking.no_show", "--events=conversation"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto requests = api.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].body, R"({"name":"Say \"hi\" \\ now","url":"https://example.com/a?b=1&c=2",)"
                              R"("events":["booking.canceled","booking.no_show","conversation"]})");
}

TEST_F(CliWebhooks, CreateSendsUnknownEventsOnlyWhenAllowed) {
  api.answer(200, api_fixture("webhook-created.json"));
  const std::vector<std::string> args{
      "webhooks",   "create",      "--name", "n", "--url", "https://example.com", "--events", "booking,contact.created",
      "--base-url", api.base_url()};
  const run_result refused = run(args);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(first_line(refused.err),
            "error: unknown event \"contact.created\": not an event type such as booking.canceled, nor booking or "
            "conversation");
  EXPECT_NE(refused.err.find("--allow-unknown-events"), std::string::npos);
  EXPECT_TRUE(api.requests().empty());

  std::vector<std::string> allowed = args;
  allowed.emplace_back("--allow-unknown-events");
  const run_result sent = run(allowed);
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  ASSERT_EQ(api.requests().size(), 1u);
  EXPECT_NE(api.requests()[0].body.find(R"("events":["booking","contact.created"])"), std::string::npos);
}

// ---- list, get, delete ----------------------------------------------------------------------

TEST_F(CliWebhooks, ListSendsThePaginationQuery) {
  const std::string answer = api_fixture("webhook-list-page.json");
  api.answer(200, answer);
  const run_result r =
      run({"webhooks", "list", "--limit", "20", "--after", "WHK-TEST00000C", "--base-url", api.base_url()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto requests = api.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path, "/v2/webhooks");
  EXPECT_EQ(requests[0].target, "/v2/webhooks?limit=20&after=WHK-TEST00000C");
  EXPECT_EQ(requests[0].params, (std::map<std::string, std::string>{{"limit", "20"}, {"after", "WHK-TEST00000C"}}));
  EXPECT_EQ(requests[0].body, "");
  expect_api_headers(requests[0]);
  EXPECT_EQ(r.out, answer.ends_with('\n') ? answer : answer + "\n");
  EXPECT_NE(r.err.find("note: more webhooks follow: add --after WHK-TEST00000A"), std::string::npos) << r.err;
  expect_key_not_printed(r);
}

TEST_F(CliWebhooks, ListWithoutOptionsSendsNoQuery) {
  api.answer(200, api_fixture("webhook-list-empty.json"));
  const run_result r = run({"webhooks", "list", "--base-url", api.base_url()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(api.requests().size(), 1u);
  EXPECT_EQ(api.requests()[0].target, "/v2/webhooks");
  EXPECT_EQ(r.err, "");
}

TEST_F(CliWebhooks, GetRetrievesOneWebhook) {
  const std::string answer = api_fixture("webhook.json");
  api.answer(200, answer);
  const run_result r = run({"webhooks", "get", "WHK-TEST4C1ZQ8", "--base-url", api.base_url()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(api.requests().size(), 1u);
  EXPECT_EQ(api.requests()[0].method, "GET");
  EXPECT_EQ(api.requests()[0].target, "/v2/webhooks/WHK-TEST4C1ZQ8");
  expect_api_headers(api.requests()[0]);
  EXPECT_EQ(r.out, answer.ends_with('\n') ? answer : answer + "\n");
}

TEST_F(CliWebhooks, DeleteDeletesOneWebhook) {
  const std::string answer = api_fixture("webhook-deleted.json");
  api.answer(200, answer);
  const run_result r = run({"webhooks", "delete", "--base-url", api.base_url(), "WHK-TEST4C1ZQ8"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(api.requests().size(), 1u);
  EXPECT_EQ(api.requests()[0].method, "DELETE");
  EXPECT_EQ(api.requests()[0].target, "/v2/webhooks/WHK-TEST4C1ZQ8");
  EXPECT_EQ(api.requests()[0].body, "");
  expect_api_headers(api.requests()[0]);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(bool(doc["deleted"]), true);
  expect_key_not_printed(r);
}

TEST_F(CliWebhooks, DeleteThatIsNotConfirmedFails) {
  api.answer(200, R"({"id":"WHK-TEST4C1ZQ8","deleted":false})");
  const run_result r = run({"webhooks", "delete", "WHK-TEST4C1ZQ8", "--base-url", api.base_url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(first_line(r.err), "error: the API did not confirm the deletion (\"deleted\" is not true)");
}

TEST_F(CliWebhooks, DeleteAnsweredWithNoContentSucceeds) {
  api.answer(204, "");
  const run_result r = run({"webhooks", "delete", "WHK-TEST4C1ZQ8", "--base-url", api.base_url()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(first_line(r.err), "note: deleted WHK-TEST4C1ZQ8 (HTTP 204, no content)");
}

TEST_F(CliWebhooks, IdsArePercentEncodedAndOptionsEndAtDoubleDash) {
  api.answer(200, api_fixture("webhook.json"));
  const run_result r = run({"webhooks", "--base-url", api.base_url(), "get", "--", "-WHK/1?x=y#z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(api.requests().size(), 1u);
  EXPECT_EQ(api.requests()[0].target, "/v2/webhooks/-WHK%2F1%3Fx%3Dy%23z");
}

TEST_F(CliWebhooks, OptionsMayComeBeforeOrAfterArguments) {
  api.answer(200, api_fixture("webhook-created.json"));
  const std::string expected_body = R"({"name":"n","url":"https://example.com","events":["booking"]})";
  const std::vector<std::vector<std::string>> orders{
      {"webhooks", "create", "--name", "n", "--url", "https://example.com", "--events", "booking", "--base-url",
       api.base_url()},
      {"webhooks", "--base-url", api.base_url(), "--events", "booking", "create", "--url", "https://example.com",
       "--name", "n"},
      {"webhooks", "--name=n", "--url=https://example.com", "--events=booking", "--base-url=" + api.base_url(),
       "create"},
  };
  for (const auto& args : orders) {
    const run_result r = run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  const auto requests = api.requests();
  ASSERT_EQ(requests.size(), orders.size());
  for (const recorded_request& request : requests) { EXPECT_EQ(request.body, expected_body); }
}

TEST_F(CliWebhooks, HelpNamesTheDefaultBaseUrl) {
  const run_result r = run({"webhooks", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage: oncehub-webhook webhooks"), std::string::npos);
  const run_result top = run({"--help"});
  EXPECT_NE(top.out.find("https://api.oncehub.com/v2"), std::string::npos);
}

// ---- API errors -----------------------------------------------------------------------------

struct api_error_case {
  int status;
  std::string_view fixture;  // a file in tests/data/api, or the body itself
  std::vector<std::string> args;
  std::string_view first_line;
  std::string_view details;
};

class CliWebhooksApiError : public CliWebhooks, public ::testing::WithParamInterface<api_error_case> {};

TEST_P(CliWebhooksApiError, PrintsTypeAndMessageAndExitsOne) {
  const api_error_case& c = GetParam();
  api.answer(c.status, c.fixture.ends_with(".json") ? api_fixture(c.fixture) : std::string(c.fixture),
             c.fixture.ends_with(".json") ? "application/json" : "text/html");
  std::vector<std::string> args{"webhooks"};
  args.insert(args.end(), c.args.begin(), c.args.end());
  args.insert(args.end(), {"--base-url", api.base_url()});
  const run_result r = run(args);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(first_line(r.err), c.first_line);
  EXPECT_NE(r.err.find(c.details), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(api.requests().size(), 1u);
  expect_key_not_printed(r);
}

INSTANTIATE_TEST_SUITE_P(
    Statuses, CliWebhooksApiError,
    ::testing::Values(
        api_error_case{401,
                       "error-401.json",
                       {"list"},
                       "error: authentication_error: Invalid API key.",
                       "(HTTP 401, api_authentication_failed, request id REQ-FAKE-1)"},
        api_error_case{404,
                       "error-404.json",
                       {"get", "WHK-NOSUCH0000"},
                       "error: invalid_request_error: No such webhook: 'WHK-NOSUCH0000'",
                       "(HTTP 404, api_not_found, param id, request id REQ-FAKE-1)"},
        api_error_case{404,
                       "error-404.json",
                       {"delete", "WHK-NOSUCH0000"},
                       "error: invalid_request_error: No such webhook: 'WHK-NOSUCH0000'",
                       "api_not_found"},
        api_error_case{409,
                       "error-409.json",
                       {"create", "--name", "CRM sync", "--url", "https://example.com", "--events", "booking"},
                       "error: invalid_request_error: A webhook subscription with this name already exists: 'CRM sync'",
                       "(HTTP 409, api_conflict, param name, request id REQ-FAKE-1)"},
        api_error_case{429,
                       "error-429.json",
                       {"list"},
                       "error: rate_limit_error: Request rate limit exceeded",
                       "(HTTP 429, api_rate_limited, request id REQ-FAKE-1)"},
        api_error_case{400,
                       "error-400-limit.json",
                       {"list", "--limit", "50"},
                       "error: invalid_request_error: Out of range value: 500. Please provide a number between 1 "
                       "and 100.",
                       "param limit"},
        api_error_case{503,
                       "<html><body>Service Unavailable</body></html>",
                       {"get", "WHK-1"},
                       "error: api_server_error: HTTP 503: the API failed on its side",
                       "(HTTP 503, api_server_error"}),
    [](const ::testing::TestParamInfo<api_error_case>& param_info) {
      return "Http" + std::to_string(param_info.param.status) + param_info.param.args.front();
    });

TEST_F(CliWebhooks, AnUnreadableAnswerIsAnError) {
  api.answer(200, R"({"object":"webhook","id":17})");
  const run_result r = run({"webhooks", "get", "WHK-1", "--base-url", api.base_url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(first_line(r.err),
            "error: unexpected answer from the API (HTTP 200): wrong_type: expected string, got number at id");
  EXPECT_EQ(r.out, "");
}

TEST_F(CliWebhooks, ATransportFailureExitsOne) {
  std::string closed_base;
  {
    fake_api gone;  // a port that was just free, and is again
    closed_base = gone.base_url();
  }
  const run_result r = run({"webhooks", "list", "--base-url", closed_base});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(first_line(r.err).rfind("error: cannot reach " + closed_base + "/webhooks: ", 0), 0u) << r.err;
  expect_key_not_printed(r);
}

TEST_F(CliWebhooks, AProxyFromTheEnvironmentIsNotUsedForLoopback) {
  api.answer(200, api_fixture("webhook-list-empty.json"));
  const run_result r = run({"webhooks", "list", "--base-url", api.base_url()}, {{"http_proxy", "http://127.0.0.1:9"},
                                                                                {"HTTP_PROXY", "http://127.0.0.1:9"},
                                                                                {"ALL_PROXY", "http://127.0.0.1:9"},
                                                                                {"no_proxy", std::nullopt},
                                                                                {"NO_PROXY", std::nullopt}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(api.requests().size(), 1u);
}

TEST_F(CliWebhooks, VerboseShowsTheRequestButNeverTheKey) {
  api.answer(401, api_fixture("error-401.json"));
  const run_result r = run({"webhooks", "list", "--verbose", "--limit", "5", "--base-url", api.base_url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("> GET " + api.base_url() + "/webhooks?limit=5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("> API-Key: (hidden)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("< HTTP 401"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("< Request-Id: REQ-FAKE-1"), std::string::npos) << r.err;
  expect_key_not_printed(r);
}

// ---- refused before sending -----------------------------------------------------------------

struct refusal_case {
  std::string_view name;
  std::vector<std::string> args;
  std::string_view first_line;
};

class CliWebhooksRefusal : public CliWebhooks, public ::testing::WithParamInterface<refusal_case> {};

TEST_P(CliWebhooksRefusal, PrintsTheReasonAndSendsNothing) {
  const refusal_case& c = GetParam();
  std::vector<std::string> args{"webhooks"};
  args.insert(args.end(), c.args.begin(), c.args.end());
  args.insert(args.end(), {"--base-url", api.base_url()});
  const run_result r = run(args);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(first_line(r.err), c.first_line);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(api.requests().empty()) << "a refused command reached the API";
}

std::vector<std::string> create_args(std::string name, std::string url, std::string events) {
  return {"create", "--name", std::move(name), "--url", std::move(url), "--events", std::move(events)};
}

INSTANTIATE_TEST_SUITE_P(
    Validation, CliWebhooksRefusal,
    ::testing::Values(
        refusal_case{"HttpUrl", create_args("n", "http://hooks.example.com/x", "booking"),
                     "error: the URL \"http://hooks.example.com/x\" uses http://: OnceHub delivers only to https:// "
                     "URLs"},
        refusal_case{"RelativeUrl", create_args("n", "/oncehub", "booking"),
                     "error: the URL \"/oncehub\" is relative: give an absolute https:// URL, e.g. "
                     "https://example.com/webhooks"},
        refusal_case{"UrlWithoutHost", create_args("n", "https:///oncehub", "booking"),
                     "error: the URL \"https:///oncehub\" has no host"},
        refusal_case{"UrlWithSpace", create_args("n", "https://example.com/a b", "booking"),
                     "error: the URL contains a space at byte 21 (write it as %20)"},
        refusal_case{"EmptyName", create_args("", "https://example.com", "booking"), "error: the name is empty"},
        refusal_case{"NameWithoutLetters", create_args("***", "https://example.com", "booking"),
                     "error: the name \"***\" has no letter or digit"},
        refusal_case{"NoEvents", create_args("n", "https://example.com", ""),
                     "error: no events: subscribe to at least one, e.g. booking or conversation.closed"},
        refusal_case{"UnknownEvent", create_args("n", "https://example.com", "booking.cancelled"),
                     "error: unknown event \"booking.cancelled\" (did you mean \"booking.canceled\"?)"},
        refusal_case{"DuplicateEvents", create_args("n", "https://example.com", "booking,conversation,booking"),
                     "error: event \"booking\" is listed twice (events[0] and events[2])"},
        refusal_case{"EmptyEventInList", create_args("n", "https://example.com", "booking,,conversation"),
                     "error: events[1] is empty"},
        refusal_case{"LimitZero", {"list", "--limit", "0"}, "error: the limit must be between 1 and 100, got 0"},
        refusal_case{"LimitTooLarge", {"list", "--limit=101"}, "error: the limit must be between 1 and 100, got 101"},
        refusal_case{"NegativeLimit", {"list", "--limit", "-3"}, "error: the limit must be between 1 and 100, got -3"},
        refusal_case{"BeforeAndAfter",
                     {"list", "--before", "WHK-A", "--after", "WHK-B"},
                     "error: before and after cannot be combined: page with one of them"},
        refusal_case{"EmptyId", {"get", ""}, "error: the webhook id is empty"},
        refusal_case{"DotDotId", {"delete", ".."}, "error: the webhook id \"..\" is not a webhook ID"}),
    [](const ::testing::TestParamInfo<refusal_case>& param_info) { return std::string(param_info.param.name); });

// ---- usage errors -----------------------------------------------------------------------------

struct usage_case {
  std::string_view name;
  std::vector<std::string> args;
  std::string_view first_line;
  bool with_base_url = true;
};

class CliWebhooksUsage : public CliWebhooks, public ::testing::WithParamInterface<usage_case> {};

TEST_P(CliWebhooksUsage, ExitsTwoAndSendsNothing) {
  const usage_case& c = GetParam();
  std::vector<std::string> args{"webhooks"};
  args.insert(args.end(), c.args.begin(), c.args.end());
  if (c.with_base_url) { args.insert(args.end(), {"--base-url", api.base_url()}); }
  const run_result r = run(args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(first_line(r.err), c.first_line);
  EXPECT_NE(r.err.find("usage: oncehub-webhook webhooks"), std::string::npos);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(api.requests().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Arguments, CliWebhooksUsage,
    ::testing::Values(
        usage_case{"NoCommand", {}, "error: which command? create, list, get or delete"},
        usage_case{"UnknownCommand", {"update", "WHK-1"}, "error: unknown webhooks command 'update'"},
        usage_case{"UnknownOption", {"list", "--limt", "5"}, "error: unknown option '--limt'"},
        usage_case{"MissingValue", {"list", "--limit"}, "error: --limit needs a value", false},
        usage_case{"LimitNotANumber", {"list", "--limit", "ten"}, "error: --limit needs a whole number (1..100)"},
        usage_case{"OptionTwice",
                   {"create", "--name", "a", "--name", "b", "--url", "https://x", "--events", "booking"},
                   "error: --name is given twice"},
        usage_case{"CreateWithoutUrl",
                   {"create", "--name", "n", "--events", "booking"},
                   "error: 'webhooks create' needs --name, --url and --events"},
        usage_case{"OptionOfAnotherCommand",
                   {"get", "WHK-1", "--limit", "5"},
                   "error: --limit does not apply to 'webhooks get'"},
        usage_case{"GetWithoutId", {"get"}, "error: 'webhooks get' needs a webhook ID"},
        usage_case{"DeleteTwoIds", {"delete", "WHK-1", "WHK-2"}, "error: unexpected argument 'WHK-2'"},
        usage_case{"ApiKeyAsOption", {"list", "--api-key", "k"}, "error: unknown option '--api-key'"},
        usage_case{"PlainHttpToANetworkHost",
                   {"list", "--base-url", "http://api.example.com/v2"},
                   "error: --base-url must be https:// (http:// only to localhost, 127.x.x.x or [::1]): the API key "
                   "would cross the network in clear text",
                   false},
        usage_case{"PlainHttpToANameThatLooksLoopback",
                   {"list", "--base-url", "http://127.0.0.1.example.com/v2"},
                   "error: --base-url must be https:// (http:// only to localhost, 127.x.x.x or [::1]): the API key "
                   "would cross the network in clear text",
                   false},
        usage_case{"BaseUrlWithoutScheme",
                   {"list", "--base-url", "api.oncehub.com/v2"},
                   "error: --base-url must be an absolute URL such as https://api.oncehub.com/v2",
                   false}),
    [](const ::testing::TestParamInfo<usage_case>& param_info) { return std::string(param_info.param.name); });

TEST_F(CliWebhooks, TheApiKeyComesOnlyFromTheEnvironment) {
  for (const std::optional<std::string>& key : {std::optional<std::string>{}, std::optional<std::string>{""}}) {
    const run_result r = run({"webhooks", "list", "--base-url", api.base_url()}, {{"ONCEHUB_API_KEY", key}});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(first_line(r.err).rfind("error: set ONCEHUB_API_KEY to your OnceHub API key", 0), 0u) << r.err;
  }
  const run_result broken =
      run({"webhooks", "list", "--base-url", api.base_url()}, {{"ONCEHUB_API_KEY", kApiKey + "\r\nX-Injected: 1"}});
  EXPECT_EQ(broken.exit_code, 2);
  expect_key_not_printed(broken);
  EXPECT_TRUE(api.requests().empty());
}

// Issue 12, item 1: the API key and the URLs a person pastes, with whitespace around them.
TEST_F(CliWebhooks, TrimsThePastedApiKeyAndUrlsAndSaysSoWithoutShowingThem) {
  const std::string answer = api_fixture("webhook-created.json");
  for (const std::string& wrapper : {std::string("\n"), std::string("\r\n"), std::string(" \t")}) {
    SCOPED_TRACE(testing::PrintToString(wrapper));
    api.answer(200, answer);
    const std::size_t before = api.requests().size();
    const run_result r = run(
        {"webhooks", "create", "--name", "CRM sync", "--url", wrapper + "https://hooks.example.com/oncehub" + wrapper,
         "--events", "booking," + wrapper + "conversation.closed" + wrapper, "--base-url", api.base_url() + wrapper},
        {{"ONCEHUB_API_KEY", kApiKey + wrapper}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto requests = api.requests();
    ASSERT_EQ(requests.size(), before + 1);
    expect_api_headers(requests.back());  // the key as issued, without the line break
    EXPECT_EQ(requests.back().body, R"({"name":"CRM sync","url":"https://hooks.example.com/oncehub",)"
                                    R"("events":["booking","conversation.closed"]})");
    EXPECT_EQ(count(r.err, "note: trimmed the whitespace around ONCEHUB_API_KEY (value not shown)\n"), 1u) << r.err;
    EXPECT_EQ(count(r.err, "note: trimmed the whitespace around --url (value not shown)\n"), 1u) << r.err;
    EXPECT_EQ(count(r.err, "note: trimmed the whitespace around --base-url (value not shown)\n"), 1u) << r.err;
    expect_key_not_printed(r);
  }
  // An ID pasted with its line break.
  api.answer(200, api_fixture("webhook.json"));
  const run_result got = run({"webhooks", "get", "WHK-TEST4C1ZQ8\n", "--base-url", api.base_url()});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_EQ(api.requests().back().target, "/v2/webhooks/WHK-TEST4C1ZQ8");
}

TEST_F(CliWebhooks, RefusesAnApiKeyWithWhitespaceInsideWithoutShowingIt) {
  const std::pair<std::string, std::string> cases[] = {
      {kApiKey.substr(0, 20) + " " + kApiKey.substr(20),
       "error: ONCEHUB_API_KEY contains a space inside it (byte 21 of 36)"},
      {kApiKey + "\r\nX-Injected: 1", "error: ONCEHUB_API_KEY contains a line break inside it (byte 36 of 50)"},
      {std::string("\x1b[200~") + kApiKey,
       "error: ONCEHUB_API_KEY contains a control character (U+001B) at byte 1 of 41"},
      {" \r\n",
       "error: set ONCEHUB_API_KEY to your OnceHub API key (it is never taken as an option, so it stays out "
       "of process lists and shell history)"},
  };
  for (const auto& [key, line] : cases) {
    SCOPED_TRACE(testing::PrintToString(key));
    const run_result r = run({"webhooks", "list", "--base-url", api.base_url()}, {{"ONCEHUB_API_KEY", key}});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(first_line(r.err), line);
    expect_key_not_printed(r);
  }
  EXPECT_TRUE(api.requests().empty());
}

}  // namespace
