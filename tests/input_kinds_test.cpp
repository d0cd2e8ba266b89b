// SPDX-License-Identifier: MIT
// Issue 12, items 3, 5 and 6, each tested over its whole kind by generators that start
// from every valid fixture:
// - NonDelivery: a body that cannot be a delivery is named by what it is (UTF-16/32 text,
//   compressed bytes, a form, an HTML page, nothing, JSON that is not an object), and one
//   leading UTF-8 byte order mark is skipped and recorded (the signature still covers it);
// - Unrepresentable: grammatical JSON no C++ type holds (huge numbers, escaped lone
//   surrogates) is kept where it is not decoded, and reads invalid where it is;
// - JsonErrorFirst: a body that is not JSON gets its JSON error, at its offset, even when
//   a schema error comes first in the document.
#include <gtest/gtest.h>

#include <chrono>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/endpoint.hpp>
#include <oncehub/webhooks/signature.hpp>
#include <oncehub/webhooks/to_json.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/dom_crosscheck.hpp"
#include "support/rfc8259.hpp"
#include "support/test_data.hpp"

namespace wh = oncehub::webhooks;

namespace {

std::vector<std::string> valid_bodies() {
  std::vector<std::string> bodies;
  for (const char* folder : {"booking.scheduled", "booking.canceled", "conversation.started", "unknown",
                             "booking.rescheduled", "conversation.closed"}) {
    for (const auto& path : test_data::json_files(test_data::data_dir() / "valid" / folder)) {
      bodies.push_back(test_data::read_file(path));
    }
  }
  return bodies;
}

wh::error parse_error(std::string_view body, wh::parser_options options = {}) {
  wh::parser parser(options);
  test_data::exact_buffer exact(body);
  auto result = parser.parse(exact.view());
  EXPECT_FALSE(result) << "accepted: " << body.substr(0, 200);
  return result ? wh::error(wh::errc::internal_error) : result.error();
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// --- item 3: bodies that are not a delivery -------------------------------------------

/// UTF-8 to UTF-16 or UTF-32 code units, in either byte order.
std::string transcode(std::string_view utf8, int unit, bool big_endian, bool mark) {
  std::u32string points;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) { cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F); }
    points.push_back(cp);
    i += n;
  }
  if (mark) { points.insert(points.begin(), U'\uFEFF'); }
  std::string out;
  const auto put = [&](std::uint32_t v, int bytes) {
    for (int b = 0; b < bytes; ++b) {
      const int shift = big_endian ? 8 * (bytes - 1 - b) : 8 * b;
      out += static_cast<char>((v >> shift) & 0xFF);
    }
  };
  for (char32_t cp : points) {
    if (unit == 4) {
      put(cp, 4);
    } else if (cp >= 0x10000) {
      put(0xD800 + ((cp - 0x10000) >> 10), 2);
      put(0xDC00 + ((cp - 0x10000) & 0x3FF), 2);
    } else {
      put(cp, 2);
    }
  }
  return out;
}

TEST(NonDelivery, Utf16AndUtf32TextIsNamedWithItsByteOrder) {
  for (const std::string& body : valid_bodies()) {
    for (int unit : {2, 4}) {
      for (bool big : {false, true}) {
        for (bool mark : {false, true}) {
          const wh::error e = parse_error(transcode(body, unit, big, mark));
          const std::string name = std::string(unit == 2 ? "UTF-16" : "UTF-32") + (big ? "BE" : "LE");
          SCOPED_TRACE(name + (mark ? " with mark" : ""));
          EXPECT_EQ(e.code(), wh::errc::unsupported_encoding) << e.to_string();
          EXPECT_TRUE(contains(e.message(), "the body is " + name + " text")) << e.message();
          EXPECT_TRUE(contains(e.message(), mark ? "(byte order mark" : "(no byte order mark)")) << e.message();
          EXPECT_EQ(e.offset(), std::optional<std::size_t>{0});
        }
      }
    }
  }
}

TEST(NonDelivery, CompressedBytesAreNamedByTheirMagicNumber) {
  std::mt19937 random(12);
  struct format {
    std::string magic;
    const char* name;
  };
  const std::vector<format> formats = {
      {std::string("\x1F\x8B\x08\x00", 4), "gzip"},
      {std::string("\x78\x9C", 2), "zlib"},
      {std::string("\x78\x01", 2), "zlib"},
      {std::string("\x78\xDA", 2), "zlib"},
      {std::string("\x28\xB5\x2F\xFD", 4), "zstd"},
      {std::string("\xFD"
                   "7zXZ\x00",
                   6),
       "xz"},
      {std::string("BZh91AY&SY"), "bzip2"},
  };
  for (const format& f : formats) {
    for (int round = 0; round < 20; ++round) {
      std::string body = f.magic;
      const std::size_t size = 1 + random() % 64;
      body += static_cast<char>(0x80 | (random() & 0x7F));  // deflate output is binary
      for (std::size_t i = 0; i < size; ++i) { body += static_cast<char>(random() & 0xFF); }
      const wh::error e = parse_error(body);
      SCOPED_TRACE(f.name);
      EXPECT_EQ(e.code(), wh::errc::compressed_body) << e.to_string();
      EXPECT_TRUE(contains(e.message(), std::string("the body is ") + f.name)) << e.message();
      EXPECT_TRUE(contains(e.message(), "Content-Encoding")) << e.message();
    }
  }
  // Brotli has no magic number: binary bytes read as not UTF-8, with the hint.
  const wh::error brotli = parse_error(std::string("\x1B\x9F\x00\xF8\x25\x14", 6));
  EXPECT_EQ(brotli.code(), wh::errc::invalid_utf8);
  EXPECT_TRUE(contains(brotli.message(), "brotli")) << brotli.message();
}

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || ch == '-' || ch == '.' || ch == '_' || ch == '*') {
      out += ch;
    } else if (ch == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

TEST(NonDelivery, FormEncodedBodiesAreNamed) {
  for (const std::string& body : valid_bodies()) {
    for (const std::string& form :
         {"payload=" + percent_encode(body), "payload=" + percent_encode(body) + "\r\n",
          "id=EVNT-1&payload=" + percent_encode(body), "a=b&c=d&json=" + percent_encode(body)}) {
      const wh::error e = parse_error(form);
      EXPECT_EQ(e.code(), wh::errc::form_encoded_body) << e.to_string();
      EXPECT_TRUE(contains(e.message(), "form-encoded")) << e.message();
      EXPECT_EQ(contains(e.message(), "`payload` field"), form.rfind("payload=", 0) == 0) << e.message();
    }
  }
  // A signature header pasted as the body is not a form (`=` inside a value).
  EXPECT_EQ(parse_error("t=1611144604,s=76f5a008773d877fff89702684b75bc6").code(), wh::errc::malformed_json);
}

TEST(NonDelivery, HtmlPagesAreNamedWithTheirTitle) {
  const std::vector<std::pair<std::string, std::string>> pages = {
      {"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
       "an HTML page titled \"502 Bad Gateway\""},
      {"<!DOCTYPE html>\n<html><title>Just a moment...</title>", "an HTML page titled \"Just a moment...\""},
      {"<!doctype HTML><p>maintenance</p>", "an HTML page, not JSON"},
      {"<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>", "an XML document, not JSON"},
      {"<h1>Forbidden</h1>", "HTML or XML markup, not JSON"},
  };
  for (const auto& [page, says] : pages) {
    for (const std::string prefix : {"", "\r\n", "  \t\n", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n"}) {
      const wh::error e = parse_error(prefix + page);
      EXPECT_EQ(e.code(), wh::errc::html_body) << e.to_string();
      EXPECT_TRUE(contains(e.message(), says)) << e.message();
    }
  }
}

TEST(NonDelivery, EmptyBodiesSayWhatTheyHold) {
  EXPECT_EQ(parse_error("").message(), "the body is empty (0 bytes)");
  for (const std::string& ws : std::vector<std::string>{" ", "\r\n", "\t \n\r", std::string(1000, ' ')}) {
    const wh::error e = parse_error(ws);
    EXPECT_EQ(e.code(), wh::errc::empty_body);
    EXPECT_EQ(e.message(), "the body holds only whitespace (" + std::to_string(ws.size()) + " bytes)");
    EXPECT_EQ(parse_error("\xEF\xBB\xBF" + ws).code(), wh::errc::empty_body);
  }
  EXPECT_EQ(parse_error("\xEF\xBB\xBF").message(), "the body holds only a UTF-8 byte order mark");
}

TEST(NonDelivery, JsonThatIsNotAnObjectNamesItsKind) {
  for (const std::string& body : valid_bodies()) {
    std::string quoted;
    wh::append_json_string(quoted, body);
    const std::vector<std::tuple<std::string, wh::json_kind, std::string>> roots = {
        {"[" + body + "]", wh::json_kind::array, "a JSON array, not an object (a batch of deliveries?"},
        {"[" + body + "," + body + "]", wh::json_kind::array, "a JSON array, not an object (a batch"},
        {quoted, wh::json_kind::string, "a JSON string, not an object (the delivery was encoded as JSON twice)"},
    };
    for (const auto& [root, kind, says] : roots) {
      const wh::error e = parse_error(root, {.max_depth = 128});  // some fixtures nest to the default limit
      EXPECT_EQ(e.code(), wh::errc::wrong_type) << e.to_string();
      EXPECT_EQ(e.path(), "");
      EXPECT_EQ(e.expected(), wh::json_kind::object);
      EXPECT_EQ(e.got(), kind);
      EXPECT_TRUE(contains(e.message(), says)) << e.message();
    }
  }
  for (const auto& [root, kind] :
       std::vector<std::pair<std::string, wh::json_kind>>{{"[]", wh::json_kind::array},
                                                          {"[1,2]", wh::json_kind::array},
                                                          {"\"x\"", wh::json_kind::string},
                                                          {"42", wh::json_kind::number},
                                                          {"1e400", wh::json_kind::number},
                                                          {"-0.5", wh::json_kind::number},
                                                          {"100000000000000000000", wh::json_kind::number},
                                                          {"true", wh::json_kind::boolean},
                                                          {"false", wh::json_kind::boolean},
                                                          {"null", wh::json_kind::null},
                                                          {"\"\\ud800\"", wh::json_kind::string}}) {
    const wh::error e = parse_error(root);
    EXPECT_EQ(e.code(), wh::errc::wrong_type) << root << ": " << e.to_string();
    EXPECT_EQ(e.got(), kind) << root;
    EXPECT_TRUE(contains(e.message(), "not an object")) << e.message();
    // Anything after the value is trailing content, whatever the value.
    EXPECT_EQ(parse_error(root + " x").code(), wh::errc::trailing_content) << root;
    EXPECT_EQ(parse_error(root + "]").code(), wh::errc::trailing_content) << root;
  }
}

TEST(NonDelivery, OneByteOrderMarkIsSkippedRecordedAndSigned) {
  const auto t = std::chrono::sys_seconds{std::chrono::seconds{1714557600}};
  wh::parser plain;
  wh::parser marked;
  wh::endpoint endpoint{wh::verifier{"live-secret"}};
  for (const std::string& body : valid_bodies()) {
    auto expected = plain.parse(body);
    ASSERT_TRUE(expected) << expected.error().to_string();
    const std::string with_mark = "\xEF\xBB\xBF" + body;
    auto result = marked.parse(with_mark);
    ASSERT_TRUE(result) << result.error().to_string();
    ASSERT_EQ(result->findings().size(), expected->findings().size() + 1);
    const wh::finding& mark = result->findings().front();
    EXPECT_EQ(mark.issue(), wh::field_issue::byte_order_mark);
    EXPECT_EQ(mark.path(), "");
    EXPECT_EQ(mark.raw_json(), "");
    EXPECT_EQ(result->envelope().id, expected->envelope().id);
    EXPECT_EQ(result->data_json(), expected->data_json());
    EXPECT_EQ(crosscheck::check(*result, with_mark), "");
    // strict_fields is about fields: the mark does not change the JSON.
    wh::parser strict({.strict_fields = true});
    EXPECT_TRUE(strict.parse(with_mark));
    // The signature covers the bytes sent, mark included.
    auto verified = endpoint.receive(with_mark, wh::sign(with_mark, "live-secret", t).value(), t);
    ASSERT_TRUE(verified) << verified.error().to_string();
    EXPECT_EQ(endpoint.receive(with_mark, wh::sign(body, "live-secret", t).value(), t).error().code(),
              wh::errc::signature_mismatch);
    // Offsets count from the first byte sent, mark included.
    const std::string broken = with_mark.substr(0, with_mark.rfind('}')) + ",}";
    const wh::error e = parse_error(broken);
    EXPECT_EQ(e.code(), wh::errc::malformed_json);
    const std::optional<std::size_t> offset = rfc8259::first_error(rfc8259::without_bom(broken));
    ASSERT_TRUE(offset);
    EXPECT_EQ(e.offset(), *offset + 3) << e.to_string();
  }
}

// --- item 5: grammatical JSON no C++ type holds -----------------------------------------

struct place {
  const char* name;
  std::string (*body)(const std::string& value);
  const char* finding;  // nullptr: kept, no finding; "!": the envelope refuses it
  wh::field_issue issue_for_number;
};

std::string in_data(const std::string& data, const char* type = "booking.scheduled") {
  return std::string(R"({"id":"EVNT-1","object":"event","creation_time":"2024-01-01T00:00:00Z","type":")") + type +
         R"(","api_version":"v2","data":)" + data + "}";
}

TEST(Unrepresentable, IsKeptWhereNotDecodedAndInvalidWhereDecoded) {
  const std::vector<std::string> numbers = {"100000000000000000000",
                                            "1e400",
                                            "-1e400",
                                            "1E+400",
                                            "-0.1e-99999",
                                            "123456789012345678901234567890.5e400",
                                            "-9223372036854775809",
                                            "18446744073709551616",
                                            std::string(400, '9')};
  const std::vector<std::string> strings = {R"("\ud800")",       R"("\udfff")", R"("a\uDC00b")",
                                            R"("\ud83d\u0041")", R"("\ud83d")", R"("\udc00\ud800")"};
  const std::vector<place> places = {
      {"envelope key",
       [](const std::string& v) { return R"({"x_extra":)" + v + "," + in_data("{}").substr(1); },
       nullptr,
       {}},
      {"data key", [](const std::string& v) { return in_data(R"({"x_extra":)" + v + "}"); }, nullptr, {}},
      {"nested key",
       [](const std::string& v) { return in_data(R"({"owner":{"id":"U","x":[{"y":)" + v + "}]}}"); },
       nullptr,
       {}},
      {"unknown event data",
       [](const std::string& v) { return in_data(R"({"n":)" + v + "}", "meeting.updated"); },
       nullptr,
       {}},
      {"custom field value",
       [](const std::string& v) { return in_data(R"({"custom_fields":[{"name":"n","value":)" + v + "}]}"); },
       nullptr,
       {}},
      {"answer value",
       [](const std::string& v) {
         return in_data(R"({"answers":[{"question":"q","value":)" + v + "}]}", "conversation.started");
       },
       "data.answers[0].value", wh::field_issue::wrong_type},
      {"integer field", [](const std::string& v) { return in_data(R"({"duration_minutes":)" + v + "}"); },
       "data.duration_minutes", wh::field_issue::out_of_range},
      {"string field", [](const std::string& v) { return in_data(R"({"subject":)" + v + "}"); }, "data.subject",
       wh::field_issue::wrong_type},
      {"enum field", [](const std::string& v) { return in_data(R"({"status":)" + v + "}"); }, "data.status",
       wh::field_issue::wrong_type},
      {"timestamp field", [](const std::string& v) { return in_data(R"({"starting_time":)" + v + "}"); },
       "data.starting_time", wh::field_issue::wrong_type},
      {"ref", [](const std::string& v) { return in_data(R"({"owner":)" + v + "}"); }, "data.owner",
       wh::field_issue::wrong_type},
      {"list element", [](const std::string& v) { return in_data(R"({"attendees":["a",)" + v + "]}"); },
       "data.attendees[1]", wh::field_issue::wrong_type},
  };
  wh::parser parser;
  wh::parser strict({.strict_fields = true});
  for (const place& p : places) {
    for (const bool is_number : {true, false}) {
      for (const std::string& value : is_number ? numbers : strings) {
        SCOPED_TRACE(std::string(p.name) + ": " + value.substr(0, 60));
        const std::string body = p.body(value);
        ASSERT_TRUE(rfc8259::accepts(body));
        auto r = parser.parse(body);
        ASSERT_TRUE(r) << r.error().to_string();
        if (p.finding == nullptr) {
          EXPECT_TRUE(r->findings().empty());
          EXPECT_TRUE(contains(r->data_json(), value) || p.name == std::string("envelope key"));
          EXPECT_TRUE(strict.parse(body));
          continue;
        }
        // A string given to a list of strings is decoded; a number to a string field
        // is a wrong type; an unrepresentable value of the right type is out of range
        // (numbers) or bad format (strings).
        const bool right_type = is_number == (p.issue_for_number == wh::field_issue::out_of_range);
        ASSERT_EQ(r->findings().size(), 1u) << wh::to_json(*r);
        const wh::finding& f = r->findings()[0];
        EXPECT_EQ(f.path(), p.finding);
        EXPECT_EQ(f.raw_json(), value);
        const wh::field_issue issue = right_type
                                          ? (is_number ? wh::field_issue::out_of_range : wh::field_issue::bad_format)
                                          : wh::field_issue::wrong_type;
        EXPECT_EQ(wh::to_string(f.issue()), wh::to_string(issue));
        const wh::error e = parse_error(body, {.strict_fields = true});
        EXPECT_EQ(e.path(), p.finding);
        EXPECT_EQ(e.code(), right_type ? wh::errc::invalid_value : wh::errc::wrong_type) << e.to_string();
      }
    }
  }
  // A custom field value keeps its raw JSON; a lone surrogate has no text to give.
  auto r = parser.parse(in_data(R"({"custom_fields":[{"name":"n","value":"\ud800"},{"name":"m","value":1e400}]})"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->booking()->custom_fields->size(), 2u);
  EXPECT_EQ((*r->booking()->custom_fields)[0].value().value.raw_json(), R"("\ud800")");
  EXPECT_EQ((*r->booking()->custom_fields)[0].value().value.as_string(), std::nullopt);
  EXPECT_EQ((*r->booking()->custom_fields)[1].value().value.raw_json(), "1e400");
  EXPECT_EQ((*r->booking()->custom_fields)[1].value().value.as_double(), std::nullopt);
  // The envelope's strings are required Unicode text.
  for (const char* field : {"id", "type", "object", "api_version", "creation_time"}) {
    std::string body = in_data("{}");
    const std::string key = std::string("\"") + field + "\":\"";
    body.insert(body.find(key) + key.size(), R"(\ud800)");
    const wh::error e = parse_error(body);
    EXPECT_EQ(e.code(), wh::errc::invalid_value) << field;
    EXPECT_EQ(e.path(), field);
    EXPECT_TRUE(contains(e.message(), "lone surrogate")) << e.message();
  }
}

TEST(Unrepresentable, MalformedNumbersAndStringsStayErrorsEverywhere) {
  const std::vector<std::pair<std::string, wh::errc>> bad = {
      {"01", wh::errc::invalid_number},
      {"1.", wh::errc::invalid_number},
      {"1e400e", wh::errc::invalid_number},
      {"-", wh::errc::invalid_number},
      {"1e", wh::errc::invalid_number},
      {R"("\ud80")", wh::errc::invalid_string},
      {R"("\x")", wh::errc::invalid_string},
      {"\"\\ud800\x01\"", wh::errc::invalid_string},
      {"\"\xED\xA0\x80\"", wh::errc::invalid_utf8},  // a UTF-8-encoded surrogate: raw bytes, not an escape
  };
  for (const auto& [value, code] : bad) {
    for (const std::string& body :
         {in_data(R"({"x_extra":)" + value + "}"), in_data(R"({"duration_minutes":)" + value + "}"),
          in_data(R"({"subject":)" + value + "}"), in_data(R"({"n":)" + value + "}", "meeting.updated"),
          in_data(R"({"custom_fields":[{"name":"n","value":)" + value + "}]}")}) {
      EXPECT_EQ(wh::to_string(parse_error(body).code()), wh::to_string(code)) << body;
      EXPECT_FALSE(rfc8259::accepts(body)) << body;
    }
  }
}

// --- item 6: the JSON error wins over a schema error that comes first -----------------

/// Positions (in `body`) just after a `,` between members of an object, outside strings.
std::vector<std::size_t> member_commas(std::string_view body) {
  std::vector<std::size_t> out;
  std::vector<char> open;
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      open.push_back(c);
    } else if (c == '}' || c == ']') {
      open.pop_back();
    } else if (c == ',' && !open.empty() && open.back() == '{') {
      out.push_back(i + 1);
    }
  }
  return out;
}

TEST(JsonErrorFirst, SyntaxErrorsAfterSchemaErrorsAreReportedAsSyntaxErrors) {
  // Schema errors put first: each makes a valid delivery fail before its end.
  const std::vector<std::pair<std::string, wh::errc>> schema_errors = {
      {R"("id":0,)", wh::errc::wrong_type},
      {R"("id":"",)", wh::errc::invalid_value},
      {R"("type":null,)", wh::errc::wrong_type},
      {R"("data":"x",)", wh::errc::wrong_type},
      {R"("id":"A","id":"B",)", wh::errc::duplicate_field},
  };
  // Syntax errors put later, at a member boundary, with the errc each must get.
  const std::vector<std::pair<std::string, wh::errc>> syntax_errors = {
      {",", wh::errc::malformed_json},          {R"("x":tru,)", wh::errc::malformed_json},
      {R"("x":01,)", wh::errc::invalid_number}, {R"("x":1.,)", wh::errc::invalid_number},
      {R"("\q":1,)", wh::errc::invalid_string}, {R"("x":"\u12",)", wh::errc::invalid_string},
      {R"("x" 1,)", wh::errc::malformed_json},  {R"("x":[1,],)", wh::errc::malformed_json},
      {R"(x:1,)", wh::errc::malformed_json},    {R"("x":NaN,)", wh::errc::malformed_json},
  };
  wh::parser parser;
  std::size_t cases = 0;
  for (const std::string& body : valid_bodies()) {
    const std::vector<std::size_t> commas = member_commas(body);
    ASSERT_FALSE(commas.empty());
    for (const auto& [schema, schema_code] : schema_errors) {
      const std::string with_schema_error = "{" + schema + body.substr(1);
      const wh::error alone = parse_error(with_schema_error);
      ASSERT_EQ(wh::to_string(alone.code()), wh::to_string(schema_code)) << alone.to_string();
      // Every 3rd member boundary, and the last one.
      for (std::size_t k = 0; k < commas.size();
           k += (k + 1 == commas.size() ? 1 : std::min<std::size_t>(3, commas.size() - 1 - k))) {
        const std::size_t at = commas[k];
        for (const auto& [syntax, syntax_code] : syntax_errors) {
          const std::string without = body.substr(0, at) + syntax + body.substr(at);
          const std::string both = "{" + schema + without.substr(1);
          const wh::error reference = parse_error(without);
          const wh::error e = parse_error(both);
          SCOPED_TRACE(schema + " then " + syntax + " at " + std::to_string(at));
          ASSERT_EQ(wh::to_string(reference.code()), wh::to_string(syntax_code)) << reference.to_string();
          EXPECT_EQ(wh::to_string(e.code()), wh::to_string(syntax_code)) << e.to_string();
          // At the same byte as without the schema error (shifted by what was inserted).
          ASSERT_TRUE(reference.offset().has_value()) << reference.to_string();
          EXPECT_EQ(e.offset(), *reference.offset() + schema.size()) << e.to_string();
          EXPECT_FALSE(rfc8259::accepts(both));
          ++cases;
        }
      }
      // Trailing content after the document wins too.
      for (const std::string tail : {" x", "}", "]", " {}", ","}) {
        const wh::error e = parse_error(with_schema_error + tail);
        EXPECT_EQ(e.code(), wh::errc::trailing_content) << tail << ": " << e.to_string();
        EXPECT_EQ(e.offset(), with_schema_error.size() + (tail[0] == ' ' ? 1 : 0)) << tail << ": " << e.to_string();
      }
    }
  }
  EXPECT_GT(cases, 1000u);
}

TEST(JsonErrorFirst, TheIssuesExamples) {
  const wh::error array = parse_error("[1]]");
  EXPECT_EQ(array.code(), wh::errc::trailing_content);
  EXPECT_EQ(array.offset(), std::optional<std::size_t>{3});
  const wh::error comma = parse_error(R"({"id":0,})");
  EXPECT_EQ(comma.code(), wh::errc::malformed_json);
  EXPECT_EQ(comma.offset(), std::optional<std::size_t>{8});
  // A schema error in a body that is JSON is still the schema error.
  const wh::error id = parse_error(R"({"id":0})");
  EXPECT_EQ(id.code(), wh::errc::wrong_type);
  EXPECT_EQ(id.path(), "id");
}

}  // namespace
