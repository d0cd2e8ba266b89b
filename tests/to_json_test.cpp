// SPDX-License-Identifier: MIT
// to_json.hpp: the document `inspect` prints.
#include <gtest/gtest.h>

#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/to_json.hpp>
#include <string>

namespace wh = oncehub::webhooks;

namespace {

std::string render(std::string_view body, wh::json_style style = wh::json_style::compact) {
  wh::parser parser;
  auto result = parser.parse(body);
  EXPECT_TRUE(result) << result.error().to_string();
  return result ? wh::to_json(*result, style) : std::string();
}

std::string delivery(std::string_view type, std::string_view data) {
  return std::string(R"({"id":"E1","object":"event","creation_time":"2024-01-01T00:00:00Z","type":")") +
         std::string(type) + R"(","api_version":"v2","data":)" + std::string(data) + "}";
}

TEST(ToJson, RendersTheEnvelopeAndEveryDecodedField) {
  EXPECT_EQ(
      render(delivery(
          "booking.scheduled",
          R"({"id":"B1","subject":null,"owner":"USR-1","booking_page":{"id":"BP-1","active":true},"duration_minutes":5,"unknown":1})")),
      R"({"type":"booking.scheduled","known":true,"family":"booking","envelope":{"id":"E1","object":"event","creation_time":"2024-01-01T00:00:00Z","api_version":"v2"},"data":{"id":"B1","subject":null,"owner":"USR-1","duration_minutes":5,"booking_page":{"id":"BP-1","active":true}}})");
}

TEST(ToJson, PrintsMembersInSchemaOrderNotInputOrder) {
  const std::string out = render(delivery("booking.scheduled", R"({"subject":"S","id":"B"})"));
  EXPECT_LT(out.find(R"("id":"B")"), out.find(R"("subject":"S")"));
}

TEST(ToJson, EscapesStringsAndKeepsUtf8) {
  const std::string out = render(delivery("booking.scheduled", R"({"subject":"a\"b\\c\n\u0001 é \ud83d\ude00"})"));
  EXPECT_NE(out.find(R"("subject":"a\"b\\c\n\u0001 é 😀")"), std::string::npos) << out;
}

TEST(ToJson, PrintsCustomValuesAsTheJsonTheyWere) {
  const std::string out = render(delivery(
      "booking.scheduled", R"({"custom_fields":[{"name":"a","value":[1, 2.50, {"x" : null}]},{"name":"b"}]})"));
  EXPECT_NE(out.find(R"({"name":"a","value":[1,2.50,{"x":null}]},{"name":"b"})"), std::string::npos) << out;
  // Pretty output keeps the value byte for byte.
  const std::string pretty =
      render(delivery("booking.scheduled", R"({"custom_fields":[{"value":[1, "a b\" c"]}]})"), wh::json_style::pretty);
  EXPECT_NE(pretty.find(R"([1, "a b\" c"])"), std::string::npos) << pretty;
}

TEST(ToJson, PrintsMismatchedValuesAsReceivedAndListsFindings) {
  const std::string out = render(
      delivery("booking.scheduled", R"({"duration_minutes":"15","attendees":["a",{"b":1}],"starting_time":"soon"})"));
  EXPECT_NE(out.find(R"("starting_time":"soon")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("duration_minutes":"15")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("attendees":["a",{"b":1}])"), std::string::npos) << out;
  EXPECT_NE(
      out.find(
          R"({"path":"data.starting_time","issue":"bad_format","expected":"RFC 3339 timestamp string","got":"string","raw":"\"soon\""})"),
      std::string::npos)
      << out;
}

TEST(ToJson, ShowsAnArrayShapedCancelRescheduleInformationAsAnArray) {
  const std::string out = render(delivery("booking.canceled", R"({"cancel_reschedule_information":[{"reason":"r"}]})"));
  EXPECT_NE(out.find(R"("cancel_reschedule_information":[{"reason":"r"}])"), std::string::npos) << out;
}

TEST(ToJson, PrintsUnknownEventsWithRawData) {
  EXPECT_EQ(
      render(delivery("meeting.moved", R"({"a" : [true]})")),
      R"({"type":"meeting.moved","known":false,"family":null,"envelope":{"id":"E1","object":"event","creation_time":"2024-01-01T00:00:00Z","api_version":"v2"},"data":{"a":[true]}})");
}

TEST(ToJson, IndentsPrettyOutputAndEndsWithANewline) {
  const std::string out = render(delivery("conversation.closed", R"({"id":"C","answers":[]})"), wh::json_style::pretty);
  EXPECT_EQ(out.substr(0, 30), "{\n  \"type\": \"conversation.clos");
  EXPECT_NE(out.find("\n  \"data\": {\n    \"id\": \"C\",\n    \"answers\": []\n  }\n}\n"), std::string::npos) << out;
}

TEST(ToJson, PrintsAnInvalidEnvelopeTimestampAsReceived) {
  const std::string out = render(
      R"({"id":"E","object":"event","creation_time":"2024-13-01T00:00:00Z","type":"x.y","api_version":"v2","data":{}})");
  EXPECT_NE(out.find(R"("creation_time":"2024-13-01T00:00:00Z")"), std::string::npos) << out;
}

TEST(AppendJsonString, EscapesEveryControlCharacter) {
  std::string out;
  wh::append_json_string(out, std::string_view("\x00\x1f\x7f\t", 4));
  EXPECT_EQ(out, R"("\u0000\u001f\u007f\t")");
}

}  // namespace
