// SPDX-License-Identifier: MIT
// oncehub-webhook, run as a process: output documents, exit codes, error lines.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

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
  EXPECT_TRUE(data["customer_timezone"].is_null());                      // null stays null
  EXPECT_EQ(data["location_description"].error(), simdjson::NO_SUCH_FIELD);  // absent is omitted
  EXPECT_EQ(std::string_view(data["owner"]), "USR-1");                   // an ID prints as the string
  EXPECT_EQ(std::string_view(data["booking_page"]["name"]), "Page");     // expanded prints as an object
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
  const run_result r = run({"inspect"}, R"({"id":"E","object":"event","creation_time":"x","type":"booking.scheduled","api_version":"v2","data":{"subject":"a",}})");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("error: malformed_json: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(" at data\n"), std::string::npos) << r.err;

  const run_result missing = run({"inspect"}, R"({"id":"E","object":"event","creation_time":"x","type":"booking.scheduled","api_version":"v2"})");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "error: missing_field: the envelope field is missing at data\n");

  const run_result empty = run({"inspect"}, "");
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_EQ(empty.err.rfind("error: empty_body: ", 0), 0u) << empty.err;

  const run_result large = run({"inspect", "--max-body", "10"}, kDelivery);
  EXPECT_EQ(large.exit_code, 1);
  EXPECT_EQ(large.err.rfind("error: too_large: ", 0), 0u) << large.err;
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
  const run_result two = run({"sign", "-", "--timestamp", "1700000000", "--secret", "abc", "--secret", "def"}, kDelivery);
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
  EXPECT_EQ(reason({"--secret", "abc", "--header", h, "--now", "1700000301"}, kDelivery), "signature_timestamp_too_old");
  EXPECT_EQ(reason({"--secret", "abc", "--header", h, "--now", "1699999699"}, kDelivery), "signature_timestamp_too_new");
  EXPECT_EQ(run({"verify", "--secret", "abc", "--header", h, "--now", "1700000300"}, kDelivery).exit_code, 0);
  EXPECT_EQ(run({"verify", "--secret", "abc", "--header", h, "--now", "1700000900", "--tolerance", "1000"}, kDelivery).exit_code, 0);
  EXPECT_EQ(reason({"--secret", "abc", "--header", "", "--now", "1700000100"}, kDelivery), "signature_header_missing");
  EXPECT_EQ(reason({"--secret", "abc", "--header", "v1=abc", "--now", "1700000100"}, kDelivery), "signature_header_malformed");
  EXPECT_EQ(reason({"--secret", "abc", "--header", "t=soon,s=" + std::string(64, 'a')}, kDelivery), "signature_timestamp_invalid");
  EXPECT_EQ(reason({"--secret", "", "--header", h}, kDelivery), "signature_no_secret");
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
    const run_result r = run({"verify", "--secret", std::string(std::string_view(v["secret"])), "--header",
                              std::string(std::string_view(v["header"])), "--now", t, file});
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
    const run_result s = run({"sign", "--secret", std::string(std::string_view(v["secret"])), "--timestamp", t, file});
    EXPECT_EQ(s.out, std::string(std::string_view(v["header"])) + "\n");
  }
}

TEST(CliVerify, ExitsWithTwoOnUsageErrors) {
  ::unsetenv("ONCEHUB_WEBHOOK_SECRET");  // "no secret" must mean none at all
  EXPECT_EQ(run({"verify", "--secret", "s"}, kDelivery).exit_code, 2);           // no --header
  EXPECT_EQ(run({"verify", "--header", "t=1,s=a"}, kDelivery).exit_code, 2);    // no secret
  EXPECT_EQ(run({"verify", "--secret", "s", "--header", "h", "--now", "x"}).exit_code, 2);
  EXPECT_EQ(run({"sign"}, kDelivery).exit_code, 2);
  EXPECT_EQ(run({"sign", "--secret", "s", "--timestamp", "-1"}).exit_code, 2);
  EXPECT_EQ(run({"sign", "--secret", "s", "a", "b"}).exit_code, 2);
  EXPECT_EQ(run({"verify", "--help"}).exit_code, 0);
}

}  // namespace
