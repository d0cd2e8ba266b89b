// SPDX-License-Identifier: MIT
// oncehub-webhook, run as a process: output documents, exit codes, error lines.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/rfc8259.hpp"
#include "support/test_data.hpp"

namespace fs = std::filesystem;

namespace {

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

/// Runs the CLI with `args`, feeding `input` on stdin; captures both streams.
run_result run(const std::vector<std::string>& args, const std::string& input = "") {
  static int counter = 0;
  const fs::path dir = fs::temp_directory_path() / ("oncehub-cli-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string id = std::to_string(counter++);
  const fs::path in = dir / ("in" + id), out = dir / ("out" + id), err = dir / ("err" + id);
  {
    std::FILE* f = std::fopen(in.c_str(), "wb");
    std::fwrite(input.data(), 1, input.size(), f);
    std::fclose(f);
  }
  std::string command = shell_quote(ONCEHUB_WEBHOOK_CLI);
  for (const auto& a : args) { command += " " + shell_quote(a); }
  command += " <" + shell_quote(in) + " >" + shell_quote(out) + " 2>" + shell_quote(err);
  const int status = std::system(command.c_str());
  run_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = test_data::read_file(out);
  r.err = test_data::read_file(err);
  fs::remove(in);
  fs::remove(out);
  fs::remove(err);
  return r;
}

simdjson::dom::element parse_json(simdjson::dom::parser& parser, const std::string& text) {
  simdjson::dom::element doc;
  auto error = parser.parse(text).get(doc);
  EXPECT_EQ(error, simdjson::SUCCESS) << "not JSON: " << text;
  return doc;
}

const std::string kDelivery =
    R"({"id":"EVNT-CLI0000001","object":"event","creation_time":"2025-01-02T03:04:05.678Z","type":"booking.rescheduled","api_version":"v2","data":{"object":"booking","id":"BKNG-CLI","subject":"Caf\u00e9","customer_timezone":null,"owner":"USR-1","booking_page":{"id":"BP-1","object":"booking_page","name":"Page"},"duration_minutes":30,"form_submission":{"custom_fields":[{"name":"n","value":[1,{"a":null}]}]}}})";

TEST(CliInspect, PrintsTheDecodedDeliveryAsJson) {
  const run_result r = run({"inspect", "-"}, kDelivery);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  simdjson::dom::parser parser;
  auto doc = parse_json(parser, r.out);
  EXPECT_EQ(std::string_view(doc["type"]), "booking.rescheduled");
  EXPECT_EQ(bool(doc["known"]), true);
  EXPECT_EQ(std::string_view(doc["family"]), "booking");
  EXPECT_EQ(std::string_view(doc["envelope"]["id"]), "EVNT-CLI0000001");
  EXPECT_EQ(std::string_view(doc["envelope"]["object"]), "event");
  EXPECT_EQ(std::string_view(doc["envelope"]["creation_time"]), "2025-01-02T03:04:05.678Z");
  EXPECT_EQ(std::string_view(doc["envelope"]["api_version"]), "v2");
  auto data = doc["data"];
  EXPECT_EQ(std::string_view(data["subject"]), "Caf\xC3\xA9");
  EXPECT_TRUE(data["customer_timezone"].is_null());                          // null stays null
  EXPECT_EQ(data["location_description"].error(), simdjson::NO_SUCH_FIELD);  // absent is omitted
  EXPECT_EQ(std::string_view(data["owner"]), "USR-1");                       // an ID prints as the string
  EXPECT_EQ(std::string_view(data["booking_page"]["name"]), "Page");         // expanded prints as an object
  EXPECT_EQ(int64_t(data["duration_minutes"]), 30);
  EXPECT_EQ(simdjson::minify(data["form_submission"]["custom_fields"].at(0)["value"]), R"([1,{"a":null}])");
  EXPECT_EQ(doc["findings"].error(), simdjson::NO_SUCH_FIELD);
}

TEST(CliInspect, ReadsAFileOrStandardInput) {
  const fs::path file = fs::temp_directory_path() / "oncehub-cli-inspect.json";
  {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    std::fwrite(kDelivery.data(), 1, kDelivery.size(), f);
    std::fclose(f);
  }
  const run_result from_file = run({"inspect", file.string()});
  const run_result from_stdin = run({"inspect"}, kDelivery);
  fs::remove(file);
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_EQ(from_file.out, from_stdin.out);
  const run_result compact = run({"inspect", "--compact", "-"}, kDelivery);
  ASSERT_EQ(compact.exit_code, 0);
  EXPECT_EQ(std::count(compact.out.begin(), compact.out.end(), '\n'), 1);
}

TEST(CliInspect, ShowsUnknownEventsWithTheirRawData) {
  const std::string body =
      R"({"id":"E1","object":"event","creation_time":"2025-01-01T00:00:00Z","type":"contact.created","api_version":"v2","data":{"id":"CTC-1","n":[1,2]}})";
  const run_result r = run({"inspect"}, body);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  auto doc = parse_json(parser, r.out);
  EXPECT_EQ(std::string_view(doc["type"]), "contact.created");
  EXPECT_EQ(bool(doc["known"]), false);
  EXPECT_TRUE(doc["family"].is_null());
  EXPECT_EQ(simdjson::minify(doc["data"]), R"({"id":"CTC-1","n":[1,2]})");
}

TEST(CliInspect, ListsFindingsAndPrintsMismatchedValuesAsReceived) {
  const std::string body =
      R"({"id":"E1","object":"event","creation_time":"2025-01-01T00:00:00Z","type":"booking.scheduled","api_version":"v2","data":{"duration_minutes":"15","attendees":["a",7]}})";
  const run_result r = run({"inspect"}, body);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  auto doc = parse_json(parser, r.out);
  EXPECT_EQ(std::string_view(doc["data"]["duration_minutes"]), "15");
  EXPECT_EQ(int64_t(doc["data"]["attendees"].at(1)), 7);
  auto findings = doc["findings"];
  ASSERT_EQ(simdjson::dom::array(findings).size(), 2u);
  EXPECT_EQ(std::string_view(findings.at(0)["path"]), "data.duration_minutes");
  EXPECT_EQ(std::string_view(findings.at(0)["issue"]), "wrong_type");
  EXPECT_EQ(std::string_view(findings.at(0)["expected"]), "integer");
  EXPECT_EQ(std::string_view(findings.at(0)["got"]), "string");
  EXPECT_EQ(std::string_view(findings.at(1)["path"]), "data.attendees[1]");
  const run_result strict = run({"inspect", "--strict"}, body);
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_EQ(strict.out, "");
  EXPECT_EQ(strict.err, "error: wrong_type: expected integer, got string at data.duration_minutes\n");
}

// Issue 12, items 2 and 4, as a user sees them: `inspect` prints what arrived, never an
// invented `[{}]`, and `--strict` refuses every alternative shape and ISO 8601 variant.
TEST(CliInspect, PrintsAlternativeShapesAndIso8601TimestampsAsTheyArrived) {
  const auto body = [](std::string_view cancel_information, std::string_view starting_time) {
    return std::string(
               R"({"id":"E1","object":"event","creation_time":"2025-01-01T00:00:00Z","type":"booking.canceled","api_version":"v2","data":{"cancel_reschedule_information":)") +
           std::string(cancel_information) + R"(,"starting_time":")" + std::string(starting_time) + "\"}}";
  };
  struct row {
    std::string_view information;
    std::string_view printed;
    std::string_view strict_error;  // "" when --strict accepts
  };
  for (const row& r : {
           row{"[]", "[]", ""},
           row{R"(["x"])", R"(["x"])",
               "error: wrong_type: expected object, got string at data.cancel_reschedule_information[0]\n"},
           row{R"([{"reason":"a"},{"reason":"b"}])", R"([{"reason":"a"},{"reason":"b"}])",
               "error: invalid_value: expected no element after the first, got {\"reason\":\"b\"} at "
               "data.cancel_reschedule_information[1]\n"},
           row{R"([{"reason":5}])", R"([{"reason":5}])",
               "error: wrong_type: expected string, got number at data.cancel_reschedule_information[0].reason\n"},
       }) {
    const std::string delivery = body(r.information, "2026-03-02T13:00:00.000Z");
    const run_result lenient = run({"inspect", "--compact"}, delivery);
    ASSERT_EQ(lenient.exit_code, 0) << lenient.err;
    simdjson::dom::parser parser;
    auto doc = parse_json(parser, lenient.out);
    EXPECT_EQ(simdjson::minify(doc["data"]["cancel_reschedule_information"]), r.printed) << r.information;
    const run_result strict = run({"inspect", "--strict"}, delivery);
    EXPECT_EQ(strict.exit_code, r.strict_error.empty() ? 0 : 1) << r.information;
    EXPECT_EQ(strict.err, r.strict_error) << r.information;
  }

  const std::string delivery = body("null", "2026-03-02T15:00:00.000+0200");
  const run_result lenient = run({"inspect", "--compact"}, delivery);
  ASSERT_EQ(lenient.exit_code, 0) << lenient.err;
  simdjson::dom::parser parser;
  auto doc = parse_json(parser, lenient.out);
  EXPECT_EQ(std::string_view(doc["data"]["starting_time"]), "2026-03-02T15:00:00.000+0200");
  EXPECT_EQ(std::string_view(doc["findings"].at(0)["issue"]), "nonstandard_format");
  const run_result strict = run({"inspect", "--strict"}, delivery);
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_EQ(strict.err,
            "error: invalid_value: expected RFC 3339 timestamp string, got \"2026-03-02T15:00:00.000+0200\" at "
            "data.starting_time\n");
}

TEST(CliInspect, RejectsInvalidInputWithOneErrorLine) {
  const run_result r = run(
      {"inspect"},
      R"({"id":"E","object":"event","creation_time":"x","type":"booking.scheduled","api_version":"v2","data":{"subject":"a",}})");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("error: malformed_json: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(" at data\n"), std::string::npos) << r.err;

  const run_result missing = run(
      {"inspect"}, R"({"id":"E","object":"event","creation_time":"x","type":"booking.scheduled","api_version":"v2"})");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "error: missing_field: the envelope field is missing at data\n");

  const run_result empty = run({"inspect"}, "");
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_EQ(empty.err.rfind("error: empty_body: ", 0), 0u) << empty.err;

  const run_result large = run({"inspect", "--max-body", "10"}, kDelivery);
  EXPECT_EQ(large.exit_code, 1);
  EXPECT_EQ(large.err.rfind("error: too_large: ", 0), 0u) << large.err;
}

// Issue 12: what arrived is named, a byte order mark is skipped and listed.
TEST(CliInspect, NamesBodiesThatAreNotADelivery) {
  const run_result html = run({"inspect"}, "<html><head><title>502 Bad Gateway</title></head></html>");
  EXPECT_EQ(html.exit_code, 1);
  EXPECT_EQ(html.err,
            "error: html_body: the body is an HTML page titled \"502 Bad Gateway\", not JSON (an error page from a "
            "proxy or server?) at (document)\n");
  const run_result form = run({"inspect"}, "a=b&c=d");
  EXPECT_EQ(form.err.rfind("error: form_encoded_body: ", 0), 0u) << form.err;
  const run_result gzip = run({"inspect"}, std::string("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03", 10));
  EXPECT_EQ(gzip.err.rfind("error: compressed_body: the body is gzip", 0), 0u) << gzip.err;
  const run_result array = run({"inspect"}, "[1]]");
  EXPECT_EQ(array.err, "error: trailing_content: content follows the JSON document (at byte 3) at (document)\n");
  const run_result comma = run({"inspect"}, R"({"id":0,})");
  EXPECT_EQ(comma.err.rfind("error: malformed_json: ", 0), 0u) << comma.err;
  const run_result bom = run({"inspect"}, "\xEF\xBB\xBF" + kDelivery);
  ASSERT_EQ(bom.exit_code, 0) << bom.err;
  simdjson::dom::parser parser;
  auto doc = parse_json(parser, bom.out);
  EXPECT_EQ(std::string_view(doc["findings"].at(0)["issue"]), "byte_order_mark");
}

TEST(CliInspect, ExitsWithTwoOnUsageErrors) {
  EXPECT_EQ(run({}).exit_code, 2);
  EXPECT_EQ(run({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(run({"inspect", "--nope"}).exit_code, 2);
  EXPECT_EQ(run({"inspect", "a.json", "b.json"}).exit_code, 2);
  EXPECT_EQ(run({"inspect", "--max-body"}).exit_code, 2);
  EXPECT_EQ(run({"inspect", "--max-body", "ten"}).exit_code, 2);
  const run_result help = run({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("inspect"), std::string::npos);
  EXPECT_EQ(run({"inspect", "--help"}).exit_code, 0);
}

TEST(CliInspect, ReportsUnreadableFiles) {
  const run_result r = run({"inspect", "/nonexistent/delivery.json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("error: cannot open /nonexistent/delivery.json", 0), 0u) << r.err;
}

TEST(CliInspect, PrintsValidJsonForEveryFixtureAndPublishedEvent) {
  std::vector<fs::path> files = test_data::json_files(test_data::data_dir() / "valid");
  for (const auto& f : test_data::json_files(test_data::data_dir() / "findings")) { files.push_back(f); }
  for (const auto& f : test_data::json_files(test_data::shared_payloads_dir())) {
    if (f.parent_path() == test_data::shared_payloads_dir()) { files.push_back(f); }
  }
  simdjson::dom::parser parser;
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const run_result r = run({"inspect", file.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Grammatical values the DOM cannot hold (`1e400`) are printed as received.
    simdjson::dom::element root;
    if (parser.parse(r.out).get(root) != simdjson::SUCCESS) {
      EXPECT_TRUE(rfc8259::accepts(r.out)) << r.out;
      EXPECT_NE(r.out.find("\"envelope\""), std::string::npos);
      continue;
    }
    auto doc = parse_json(parser, r.out);
    EXPECT_EQ(doc["envelope"]["id"].error(), simdjson::SUCCESS);
  }
}

// ---- sign and verify -----------------------------------------------------------------

TEST(CliSign, PrintsTheHeaderOnceHubWouldSend) {
  const run_result r = run({"sign", "--secret", "abc", "--timestamp", "1700000000", "-"}, kDelivery);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, 15), "t=1700000000,s=");
  EXPECT_EQ(r.out.size(), 15u + 64u + 1u);
  // Options may follow the input; two secrets give two signatures.
  const run_result two =
      run({"sign", "-", "--timestamp", "1700000000", "--secret", "abc", "--secret", "def"}, kDelivery);
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(two.out.substr(0, r.out.size() - 1), r.out.substr(0, r.out.size() - 1));
  EXPECT_EQ(std::count(two.out.begin(), two.out.end(), 's'), 2);
}

TEST(CliVerify, AcceptsTheRightSecretAndReportsEveryReason) {
  const std::string header = run({"sign", "--secret", "abc", "--timestamp", "1700000000"}, kDelivery).out;
  const std::string h = header.substr(0, header.size() - 1);
  const run_result ok = run({"verify", "--secret", "abc", "--header", h, "--now", "1700000100"}, kDelivery);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "verified\n");
  const auto reason = [&](std::vector<std::string> args, const std::string& body) {
    args.insert(args.begin(), "verify");
    const run_result r = run(args, body);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_EQ(r.out, "");
    const auto colon = r.err.find(':', 7);
    return r.err.rfind("error: ", 0) == 0 ? r.err.substr(7, colon - 7) : r.err;
  };
  EXPECT_EQ(reason({"--secret", "abd", "--header", h, "--now", "1700000100"}, kDelivery), "signature_mismatch");
  EXPECT_EQ(reason({"--secret", "abc", "--header", h, "--now", "1700000100"}, kDelivery + "\n"), "signature_mismatch");
  EXPECT_EQ(reason({"--secret", "abc", "--header", h, "--now", "1700000301"}, kDelivery),
            "signature_timestamp_too_old");
  EXPECT_EQ(reason({"--secret", "abc", "--header", h, "--now", "1699999699"}, kDelivery),
            "signature_timestamp_too_new");
  EXPECT_EQ(run({"verify", "--secret", "abc", "--header", h, "--now", "1700000300"}, kDelivery).exit_code, 0);
  EXPECT_EQ(run({"verify", "--secret", "abc", "--header", h, "--now", "1700000900", "--tolerance", "1000"}, kDelivery)
                .exit_code,
            0);
  EXPECT_EQ(reason({"--secret", "abc", "--header", "", "--now", "1700000100"}, kDelivery), "signature_header_missing");
  EXPECT_EQ(reason({"--secret", "abc", "--header", "v1=abc", "--now", "1700000100"}, kDelivery),
            "signature_header_malformed");
  EXPECT_EQ(reason({"--secret", "abc", "--header", "t=soon,s=" + std::string(64, 'a')}, kDelivery),
            "signature_timestamp_invalid");
  // An empty secret is a configuration mistake, refused before anything is checked.
  const run_result empty = run({"verify", "--secret", "", "--header", h}, kDelivery);
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_EQ(empty.err.substr(0, empty.err.find('\n')),
            "error: --secret is empty; OnceHub secrets are 32 lower-case hex characters");
}

TEST(CliVerify, ReadsSecretsFromTheEnvironmentAndNeverPrintsThem) {
  const std::string header = run({"sign", "--secret", "rotated-new", "--timestamp", "1700000000"}, kDelivery).out;
  const std::string h = header.substr(0, header.size() - 1);
  ::setenv("ONCEHUB_WEBHOOK_SECRET", "rotated-old,rotated-new", 1);
  const run_result ok = run({"verify", "--header", h, "--now", "1700000000"}, kDelivery);
  const run_result bad = run({"verify", "--header", h, "--now", "1700009999"}, kDelivery);
  const run_result signed_with_env = run({"sign", "--timestamp", "1700000000"}, kDelivery);
  ::unsetenv("ONCEHUB_WEBHOOK_SECRET");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.err.find("#2"), std::string::npos) << ok.err;  // which secret matched
  EXPECT_EQ(signed_with_env.exit_code, 0);
  for (const run_result* r : {&ok, &bad, &signed_with_env}) {
    EXPECT_EQ(r->out.find("rotated-"), std::string::npos);
    EXPECT_EQ(r->err.find("rotated-"), std::string::npos);
  }
}

TEST(CliVerify, AgreesWithTheOpensslVectors) {
  const std::string text = test_data::read_file(test_data::data_dir() / "signatures" / "vectors.json");
  simdjson::dom::parser json;
  simdjson::dom::element root;
  ASSERT_EQ(json.parse(text).get(root), simdjson::SUCCESS);
  for (simdjson::dom::element v : root["vectors"].get_array()) {
    const std::string file = (test_data::data_dir() / std::string_view(v["body"])).string();
    const std::string t = std::to_string(int64_t(v["t"]));
    const std::string secret{std::string_view(v["secret"])};
    const run_result r =
        run({"verify", "--secret", secret, "--header", std::string(std::string_view(v["header"])), "--now", t, file});
    const run_result s = run({"sign", "--secret", secret, "--timestamp", t, file});
    if (secret.find(' ') != std::string::npos) {
      // Whitespace inside a secret is refused (OnceHub's never have any), naming no value.
      for (const run_result* refused : {&r, &s}) {
        EXPECT_EQ(refused->exit_code, 2);
        EXPECT_EQ(refused->err.rfind("error: --secret contains a space inside it (byte ", 0), 0u) << refused->err;
        EXPECT_EQ(refused->err.find(secret), std::string::npos);
      }
      continue;
    }
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
    EXPECT_EQ(s.out, std::string(std::string_view(v["header"])) + "\n");
  }
}

// ---- configured values (issue 12, item 1) ------------------------------------------------

/// `h` without its trailing newline (the output of `sign`).
std::string header_of(const run_result& signed_run) { return signed_run.out.substr(0, signed_run.out.find('\n')); }

const std::string kLive = "live-secret-4f2a";
const std::string kRule = "OnceHub secrets are 32 lower-case hex characters";
const std::string kNoteTail = " (OnceHub secrets contain none; values not shown)";

void expect_no_secret_printed(const run_result& r) {
  for (const std::string& s : {kLive, std::string("old-secret"), std::string("live secret")}) {
    EXPECT_EQ(r.out.find(s), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find(s), std::string::npos) << r.err;
  }
}

TEST(CliSecrets, TrimsEveryConfiguredSecretAndSaysSoOnce) {
  const std::string h = header_of(run({"sign", "--secret", kLive, "--timestamp", "1700000000"}, kDelivery));
  struct configuration {
    std::vector<std::string> flags;
    std::optional<std::string> environment;
    std::string matched;  // the label of the secret that matched
    std::string note;     // the one note line, or none
  };
  const std::string env_note = "note: trimmed the whitespace around ONCEHUB_WEBHOOK_SECRET ";
  const configuration configurations[] = {
      {{}, "old-secret-0000, live-secret-4f2a", "env#2", env_note + "env#2" + kNoteTail},
      {{}, "live-secret-4f2a\n", "env#1", env_note + "env#1" + kNoteTail},
      {{}, "live-secret-4f2a\r\n", "env#1", env_note + "env#1" + kNoteTail},
      {{}, "\told-secret-0000 ,  live-secret-4f2a \n", "env#2", env_note + "env#1, env#2" + kNoteTail},
      {{}, "old-secret-0000,live-secret-4f2a", "env#2", ""},
      {{"--secret", "live-secret-4f2a\r\n"},
       std::nullopt,
       "#1",
       "note: trimmed the whitespace around --secret #1" + kNoteTail},
      {{"--secret", "old-secret-0000", "--secret", "\tlive-secret-4f2a"},
       std::nullopt,
       "#2",
       "note: trimmed the whitespace around --secret #2" + kNoteTail},
      {{"--secret", "old-secret-0000, live-secret-4f2a"},
       std::nullopt,
       "#2",
       "note: trimmed the whitespace around --secret #2" + kNoteTail},
  };
  for (const configuration& c : configurations) {
    SCOPED_TRACE(testing::PrintToString(c.environment.value_or("")) + " " + testing::PrintToString(c.flags));
    if (c.environment) {
      ::setenv("ONCEHUB_WEBHOOK_SECRET", c.environment->c_str(), 1);
    } else {
      ::unsetenv("ONCEHUB_WEBHOOK_SECRET");
    }
    std::vector<std::string> verify_args{"verify", "--header", h, "--now", "1700000000"};
    verify_args.insert(verify_args.end(), c.flags.begin(), c.flags.end());
    std::vector<std::string> sign_args{"sign", "--timestamp", "1700000000"};
    sign_args.insert(sign_args.end(), c.flags.begin(), c.flags.end());
    const run_result verified = run(verify_args, kDelivery);
    const run_result signed_run = run(sign_args, kDelivery);
    ::unsetenv("ONCEHUB_WEBHOOK_SECRET");
    EXPECT_EQ(verified.exit_code, 0) << verified.err;
    EXPECT_EQ(verified.out, "verified\n");
    const std::string note_lines = c.note.empty() ? "" : c.note + "\n";
    EXPECT_EQ(verified.err, note_lines + "matched secret " + c.matched + ", signed at t=1700000000\n");
    // sign: one s= per secret, each over the trimmed secret; the live one is among them.
    ASSERT_EQ(signed_run.exit_code, 0) << signed_run.err;
    EXPECT_EQ(signed_run.err, note_lines);
    EXPECT_NE(signed_run.out.find(h.substr(h.find(",s="))), std::string::npos) << signed_run.out;
    expect_no_secret_printed(verified);
    expect_no_secret_printed(signed_run);
  }
}

TEST(CliSecrets, RefusesMangledSecretsBeforeDoingAnything) {
  const std::string h = header_of(run({"sign", "--secret", kLive, "--timestamp", "1700000000"}, kDelivery));
  struct refusal {
    std::vector<std::string> flags;
    std::optional<std::string> environment;
    std::string first_line;
  };
  const refusal refusals[] = {
      {{},
       "old-secret-0000 live-secret-4f2a",
       "error: ONCEHUB_WEBHOOK_SECRET contains a space inside it (byte 16 of 32); separate several secrets with "
       "commas; " +
           kRule},
      {{},
       "old-secret-0000,,live-secret-4f2a",
       "error: ONCEHUB_WEBHOOK_SECRET item 2 is empty; a doubled or trailing comma?"},
      {{}, "live-secret-4f2a,", "error: ONCEHUB_WEBHOOK_SECRET item 2 is empty; a doubled or trailing comma?"},
      {{}, "", "error: ONCEHUB_WEBHOOK_SECRET is empty; " + kRule},
      {{}, "\r\n", "error: ONCEHUB_WEBHOOK_SECRET is empty after trimming whitespace; " + kRule},
      {{"--secret", "live secret-4f2a"},
       std::nullopt,
       "error: --secret contains a space inside it (byte 5 of 16); separate several secrets with commas; " + kRule},
      {{"--secret",
        "live-secret\x7f"
        "4f2a"},
       std::nullopt,
       "error: --secret contains a control character (U+007F) at byte 12 of 16; " + kRule},
      {{"--secret", "old-secret-0000", "--secret", " "},
       std::nullopt,
       "error: --secret item 2 is empty after trimming whitespace; a doubled or trailing comma?"},
  };
  for (const refusal& c : refusals) {
    SCOPED_TRACE(testing::PrintToString(c.environment.value_or("")) + " " + testing::PrintToString(c.flags));
    for (const std::string command : {"sign", "verify", "send"}) {
      std::vector<std::string> args{command};
      if (command == "verify") { args.insert(args.end(), {"--header", h}); }
      if (command == "send") { args.insert(args.end(), {"--url", "http://127.0.0.1:9/never", "-"}); }
      args.insert(args.end(), c.flags.begin(), c.flags.end());
      if (c.environment) {
        ::setenv("ONCEHUB_WEBHOOK_SECRET", c.environment->c_str(), 1);
      } else {
        ::unsetenv("ONCEHUB_WEBHOOK_SECRET");
      }
      const run_result r = run(args, kDelivery);
      ::unsetenv("ONCEHUB_WEBHOOK_SECRET");
      EXPECT_EQ(r.exit_code, 2) << command << ": " << r.err;
      EXPECT_EQ(r.out, "");
      EXPECT_EQ(r.err.substr(0, r.err.find('\n')), c.first_line) << command;
      expect_no_secret_printed(r);
    }
  }
}

TEST(CliVerify, AMismatchListsEveryCauseWithoutClaimingOne) {
  const std::string h = header_of(run({"sign", "--secret", kLive, "--timestamp", "1700000000"}, kDelivery));
  const run_result r = run({"verify", "--secret", "old-secret-0000", "--header", h, "--now", "1700000000"}, kDelivery);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "error: signature_mismatch: no s= matches the body under any configured secret. Check the secret (this "
            "endpoint's, copied whole), that the body is the raw bytes received, and that no proxy re-encoded it\n");
  EXPECT_EQ(r.err.find("re-serialised"), std::string::npos);
}

TEST(CliVerify, AcceptsAHeaderPastedWithItsName) {
  const std::string h = header_of(run({"sign", "--secret", kLive, "--timestamp", "1700000000"}, kDelivery));
  const std::string name_note =
      "note: --header starts with the header name; using the value after 'Oncehub-Signature:'\n";
  const std::string trim_note = "note: trimmed the whitespace around --header (value not shown)\n";
  const std::pair<std::string, std::string> pasted[] = {
      {"Oncehub-Signature: " + h, name_note},
      {"oncehub-signature:" + h, name_note},
      {"ONCEHUB-SIGNATURE:\t" + h + "\r\n", trim_note + name_note},
      {"  Oncehub-Signature: " + h + "\n", trim_note + name_note},
      {h + "\n", trim_note},
  };
  for (const auto& [header, notes] : pasted) {
    SCOPED_TRACE(testing::PrintToString(header));
    const run_result r = run({"verify", "--secret", kLive, "--header", header, "--now", "1700000000"}, kDelivery);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "verified\n");
    EXPECT_EQ(r.err, notes + "matched secret #1, signed at t=1700000000\n");
  }
}

TEST(CliSign, RefusesATimestampInMilliseconds) {
  const std::pair<std::string, std::string> cases[] = {
      {"1700000000000", "13 digits (milliseconds?)"},
      {"1700000000000000", "16 digits (microseconds?)"},
      {"1700000000000000000", "19 digits (nanoseconds?)"},
      {"100000000000", "12 digits (not seconds?)"},
  };
  for (const auto& [value, what] : cases) {
    for (const std::string flag : {"--timestamp", "--now"}) {
      std::vector<std::string> args = flag == "--now" ? std::vector<std::string>{"verify", "--header", "t=1,s=a"}
                                                      : std::vector<std::string>{"sign"};
      args.insert(args.end(), {"--secret", kLive, flag, value});
      const run_result r = run(args, kDelivery);
      EXPECT_EQ(r.exit_code, 2) << value;
      EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
                "error: " + flag + " has " + what + ": t is Unix time in seconds, e.g. 1700000000");
    }
    const run_result sent =
        run({"send", "--url", "http://127.0.0.1:9/never", "--secret", kLive, "--timestamp", value, "-"});
    EXPECT_EQ(sent.exit_code, 2);
    EXPECT_EQ(sent.err.substr(0, sent.err.find('\n')),
              "error: --timestamp has " + what + ": t is Unix time in seconds, e.g. 1700000000");
  }
  // Eleven digits are still seconds (until the year 5138), and a pasted newline is trimmed.
  const run_result ok = run({"sign", "--secret", kLive, "--timestamp", "99999999999"}, kDelivery);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out.substr(0, 15), "t=99999999999,s");
  const run_result pasted = run({"sign", "--secret", kLive, "--timestamp", "1700000000\n"}, kDelivery);
  EXPECT_EQ(pasted.exit_code, 0) << pasted.err;
  EXPECT_EQ(pasted.out.substr(0, 15), "t=1700000000,s=");
}

TEST(CliVerify, ExitsWithTwoOnUsageErrors) {
  ::unsetenv("ONCEHUB_WEBHOOK_SECRET");                                       // "no secret" must mean none at all
  EXPECT_EQ(run({"verify", "--secret", "s"}, kDelivery).exit_code, 2);        // no --header
  EXPECT_EQ(run({"verify", "--header", "t=1,s=a"}, kDelivery).exit_code, 2);  // no secret
  EXPECT_EQ(run({"verify", "--secret", "s", "--header", "h", "--now", "x"}).exit_code, 2);
  EXPECT_EQ(run({"sign"}, kDelivery).exit_code, 2);
  EXPECT_EQ(run({"sign", "--secret", "s", "--timestamp", "-1"}).exit_code, 2);
  EXPECT_EQ(run({"sign", "--secret", "s", "a", "b"}).exit_code, 2);
  EXPECT_EQ(run({"verify", "--help"}).exit_code, 0);
}

// ---- input reading: at most max_body + 1 bytes, and a clear error for what is no file ----

/// Runs `script` in sh with $CLI set to the CLI and $DIR to a fresh private directory;
/// captures both streams. Every script bounds itself with `timeout`.
run_result run_shell(const std::string& script) {
  static int counter = 0;
  const fs::path dir =
      fs::temp_directory_path() / ("oncehub-cli-shell-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(dir);
  const fs::path out = dir / "out", err = dir / "err";
  const std::string command = "CLI=" + shell_quote(ONCEHUB_WEBHOOK_CLI) + "; DIR=" + shell_quote(dir) + "; { " +
                              script + "; } >" + shell_quote(out) + " 2>" + shell_quote(err);
  const int status = std::system(command.c_str());
  run_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = test_data::read_file(out);
  r.err = test_data::read_file(err);
  fs::remove_all(dir);
  return r;
}

/// Each command that reads a body, with the options it needs to get as far as reading.
std::vector<std::pair<std::string, std::string>> body_reading_commands() {
  return {{"inspect", "$CLI inspect"},
          {"sign", "$CLI sign --secret abc --timestamp 1700000000"},
          {"verify", "$CLI verify --secret abc --header t=1700000000,s=00 --now 1700000000"},
          {"send", "$CLI send --url http://127.0.0.1:9/never --secret abc"}};
}

std::string more_than(std::size_t limit) {
  return "error: too_large: the body is more than " + std::to_string(limit) + " bytes; the limit is " +
         std::to_string(limit) + "\n";
}

// Hostile report item 7: `inspect /dev/zero` read forever and a 300 MB pipe was held in
// memory before too_large. Endless inputs (a device, standard input, a FIFO fed forever)
// must be refused after max_body + 1 bytes; `timeout` turns a hang into exit 124.
TEST(CliInput, StopsReadingEndlessInputsOneByteOverTheLimit) {
  for (const auto& [name, command] : body_reading_commands()) {
    for (const std::string limit_flag : {"", "--max-body 10", "--max-body 0"}) {
      const std::size_t limit = limit_flag.empty() ? 1048576 : limit_flag == "--max-body 10" ? 10 : 0;
      const std::string cli = "timeout 5 " + command + " " + limit_flag;
      const struct {
        std::string what, script;
      } inputs[] = {
          {"device", cli + " /dev/zero"},
          {"stdin", cli + " - </dev/zero"},
          {"fifo", "mkfifo \"$DIR/f\" && { timeout 5 cat /dev/zero >\"$DIR/f\" & } && " + cli +
                       " \"$DIR/f\"; rc=$?; wait; exit $rc"},
          {"pipe", "timeout 5 cat /dev/zero | " + cli + " -"},
      };
      for (const auto& input : inputs) {
        if (name == "send" && input.what == "stdin") { continue; }  // send reads - too; covered by "pipe"
        const run_result r = run_shell(input.script);
        EXPECT_EQ(r.exit_code, 1) << name << ' ' << limit_flag << ' ' << input.what << ": " << r.err;
        EXPECT_EQ(r.err, more_than(limit)) << name << ' ' << limit_flag << ' ' << input.what;
        EXPECT_EQ(r.out, "") << name << ' ' << input.what;
      }
    }
  }
}

// A regular file's size is known without reading it, so the error names it as the library
// does; a file of exactly the limit is read whole (and then judged as a body).
TEST(CliInput, NamesARegularFilesSizeAndReadsOneAtTheLimit) {
  for (const auto& [name, command] : body_reading_commands()) {
    const run_result over =
        run_shell("head -c 1048577 /dev/zero >\"$DIR/big\" && timeout 5 " + command + " \"$DIR/big\"");
    EXPECT_EQ(over.exit_code, 1) << name << ": " << over.err;
    EXPECT_EQ(over.err, "error: too_large: the body is 1048577 bytes; the limit is 1048576\n") << name;

    const run_result at =
        run_shell("printf 0123456789 >\"$DIR/ten\" && timeout 5 " + command + " --max-body 10 \"$DIR/ten\"");
    EXPECT_EQ(at.err.find("too_large"), std::string::npos) << name << ": " << at.err;
    EXPECT_EQ(at.err.find("cannot"), std::string::npos) << name << ": " << at.err;
  }
  const run_result sign =
      run_shell("printf 0123456789 | timeout 5 $CLI sign --secret abc --timestamp 1 --max-body 10 -");
  EXPECT_EQ(sign.exit_code, 0) << sign.err;
  EXPECT_EQ(sign.out.rfind("t=1,s=", 0), 0u) << sign.out;
}

// `inspect /tmp` said `error: empty_body`: a directory, a missing path and a directory on
// standard input are read errors naming the path (exit 1, as every input error).
TEST(CliInput, ReportsDirectoriesAndMissingFilesByPath) {
  for (const auto& [name, command] : body_reading_commands()) {
    const run_result dir = run_shell("timeout 5 " + command + " \"$DIR\"; echo \"rc=$? $DIR\"");
    ASSERT_EQ(dir.out.rfind("rc=1 /", 0), 0u) << name << ": " << dir.out << dir.err;
    const std::string path = dir.out.substr(5, dir.out.size() - 6);
    EXPECT_EQ(dir.err, "error: cannot read " + path + ": Is a directory\n") << name;

    const run_result missing = run_shell("timeout 5 " + command + " \"$DIR/none.json\"; echo \"rc=$?\"");
    EXPECT_EQ(missing.out, "rc=1\n") << name;
    EXPECT_EQ(missing.err.rfind("error: cannot open ", 0), 0u) << name << ": " << missing.err;
    EXPECT_NE(missing.err.find("/none.json: No such file or directory\n"), std::string::npos)
        << name << ": " << missing.err;

    if (name == "send") { continue; }
    const run_result stdin_dir = run_shell("timeout 5 " + command + " - <\"$DIR\"; echo \"rc=$?\"");
    EXPECT_EQ(stdin_dir.out, "rc=1\n") << name;
    EXPECT_EQ(stdin_dir.err, "error: cannot read standard input: Is a directory\n") << name;
  }
}

TEST(CliInput, MaxBodyIsAUsageErrorWithoutANumber) {
  for (const std::string command : {"sign", "verify", "send"}) {
    EXPECT_EQ(run({command, "--secret", "abc", "--max-body"}).exit_code, 2) << command;
    EXPECT_EQ(run({command, "--secret", "abc", "--max-body", "ten"}).exit_code, 2) << command;
  }
}

// One parser for `--max-body` in every command that reads a body: the same refusals, and
// the value trimmed (with the note) as every value a person configures.
TEST(CliInput, MaxBodyIsReadAlikeByEveryCommand) {
  for (const std::string command : {"inspect", "sign", "verify", "send"}) {
    std::vector<std::string> base{command};
    if (command != "inspect") { base.insert(base.end(), {"--secret", "abc"}); }
    if (command == "verify") { base.insert(base.end(), {"--header", "t=1,s=00"}); }
    auto with = [&](std::vector<std::string> extra) {
      std::vector<std::string> args = base;
      args.insert(args.end(), extra.begin(), extra.end());
      return args;
    };
    const run_result missing = run(with({"--max-body"}));
    EXPECT_EQ(missing.exit_code, 2) << command;
    EXPECT_EQ(missing.err.rfind("error: --max-body needs a value\nusage: ", 0), 0u) << command << ": " << missing.err;
    for (const std::string bad : {"ten", "", "-1", "10x", "1 0"}) {
      const run_result r = run(with({"--max-body", bad}));
      EXPECT_EQ(r.exit_code, 2) << command << " '" << bad << "'";
      EXPECT_EQ(r.err.rfind("error: --max-body needs a number of bytes\nusage: ", 0), 0u) << command << ": " << r.err;
    }
    if (command == "send") { continue; }  // send reads FILEs, not standard input
    const run_result trimmed = run(with({"--max-body", " 10\n", "-"}), "0123456789A");
    EXPECT_EQ(trimmed.exit_code, 1) << command;
    EXPECT_NE(trimmed.err.find("note: trimmed the whitespace around --max-body (value not shown)\n"), std::string::npos)
        << command << ": " << trimmed.err;
    EXPECT_NE(trimmed.err.find("error: too_large: "), std::string::npos) << command << ": " << trimmed.err;
    EXPECT_NE(trimmed.err.find("the limit is 10\n"), std::string::npos) << command << ": " << trimmed.err;
  }
}

}  // namespace
