// SPDX-License-Identifier: MIT
// Configured values (signature.hpp): `secret`, `parse_secret_list`, `check_configured_value`.
// Every value a person configures is trimmed of the ASCII whitespace around it and refused
// when empty or when whitespace, a control character or an invisible character is inside
// it. The variants are generated: every ASCII whitespace wrapper around every list item,
// every whitespace and control byte at every position, and no message ever shows a value.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/signature.hpp>
#include <string>
#include <vector>

namespace wh = oncehub::webhooks;
using std::chrono::sys_seconds;

namespace {

const sys_seconds kT{std::chrono::seconds{1700000000}};
const std::string kBody = R"({"id":"EVNT-1","object":"event"})";
// OnceHub's documented shape (32 lower-case hex) and the issue's own example.
const std::vector<std::string> kSecrets = {"d7686b8c83f04913929079aeae40189e", "live-secret-4f2a", "old-secret-0000"};

// Whitespace a file, a shell or a copy-paste leaves around a value.
const std::vector<std::string> kWrappers = {"", " ", "  ", "\t", "\n", "\r\n", "\r", "\v", "\f", " \t\r\n\v\f"};

/// Whether `v` verifies a delivery signed by OnceHub with `key`, and which index matched.
std::optional<std::size_t> matched(const wh::verifier& v, const std::string& key) {
  auto r = v.verify(kBody, wh::sign(kBody, key, kT).value(), kT);
  if (!r) { return std::nullopt; }
  return r->secret_index;
}

std::string message_of(const wh::result<wh::secret_list>& r) {
  return r ? std::string("(accepted)") : std::string(r.error().message());
}

// ---- one value -------------------------------------------------------------------------

TEST(ConfiguredSecret, TrimsEveryAsciiWhitespaceWrapperAndSignsAsTheBareValue) {
  int checked = 0;
  for (const std::string& value : kSecrets) {
    for (const std::string& before : kWrappers) {
      for (const std::string& after : kWrappers) {
        const std::string configured = before + value + after;
        SCOPED_TRACE(testing::PrintToString(configured));
        const wh::secret s(configured, "current");
        EXPECT_FALSE(s.empty());
        EXPECT_EQ(s.trimmed(), !before.empty() || !after.empty());
        EXPECT_EQ(s.problem(), std::nullopt);
        EXPECT_EQ(wh::sign(kBody, s, kT).value(), wh::sign(kBody, value, kT).value());
        const wh::verifier v({s});
        EXPECT_EQ(v.configuration_error(), std::nullopt);
        EXPECT_EQ(matched(v, value), 0u);
        // OnceHub never signs with the whitespace: those bytes are not the key.
        if (configured != value) { EXPECT_EQ(matched(v, configured), std::nullopt); }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 3 * 10 * 10);
}

TEST(ConfiguredSecret, RefusesEmptyValuesWithAnInspectableError) {
  for (const std::string& blank : kWrappers) {
    SCOPED_TRACE(testing::PrintToString(blank));
    const wh::secret s(blank, "current");
    EXPECT_TRUE(s.empty());
    const auto problem = s.problem();
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->code(), wh::errc::invalid_value);
    EXPECT_EQ(problem->path(), "current");
    EXPECT_EQ(problem->message(), std::string("secret current is empty") +
                                      (blank.empty() ? "" : " after trimming whitespace") +
                                      "; OnceHub secrets are 32 lower-case hex characters");
    auto made = wh::make_secret(blank, "current");
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error().message(), problem->message());
  }
  EXPECT_EQ(wh::secret("").problem()->message(),
            "the secret is empty; OnceHub secrets are 32 lower-case hex characters");
}

TEST(ConfiguredSecret, RefusesWhitespaceInsideAtEveryPosition) {
  const std::string value = "live-secret-4f2a";
  const std::pair<char, std::string_view> kinds[] = {{' ', "a space"},       {'\t', "a tab"},
                                                     {'\n', "a line break"}, {'\r', "a line break"},
                                                     {'\v', "whitespace"},   {'\f', "whitespace"}};
  int checked = 0;
  for (const auto& [c, what] : kinds) {
    for (std::size_t at = 1; at < value.size(); ++at) {
      const std::string configured = value.substr(0, at) + c + value.substr(at);
      for (const std::string& wrapper : {std::string(), std::string(" \r\n")}) {
        SCOPED_TRACE(testing::PrintToString(wrapper + configured + wrapper));
        const wh::secret s(wrapper + configured + wrapper, "#2");
        ASSERT_TRUE(s.empty());
        const auto problem = s.problem();
        ASSERT_TRUE(problem);
        EXPECT_EQ(problem->message(), "secret #2 contains " + std::string(what) + " inside it (byte " +
                                          std::to_string(at + 1) + " of " + std::to_string(configured.size()) +
                                          "); OnceHub secrets are 32 lower-case hex characters");
        EXPECT_EQ(problem->message().find(value.substr(0, 4)), std::string_view::npos);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 6 * 15 * 2);
}

TEST(ConfiguredSecret, RefusesControlCharactersAnywhereIncludingNul) {
  const std::string value = "live-secret-4f2a";
  int checked = 0;
  for (int byte = 0; byte < 0x80; ++byte) {
    const char c = static_cast<char>(byte);
    const bool whitespace = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    if (whitespace || (byte >= 0x20 && byte != 0x7F)) { continue; }
    for (std::size_t at = 0; at <= value.size(); ++at) {  // the ends too: only whitespace is trimmed
      const std::string configured = value.substr(0, at) + c + value.substr(at);
      SCOPED_TRACE(testing::PrintToString(configured));
      const wh::secret s(configured);
      ASSERT_TRUE(s.empty());
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", byte);
      EXPECT_EQ(s.problem()->message(), "the secret contains a control character (" + std::string(code) + ") at byte " +
                                            std::to_string(at + 1) + " of " + std::to_string(configured.size()) +
                                            "; OnceHub secrets are 32 lower-case hex characters");
      ++checked;
    }
  }
  EXPECT_EQ(checked, (32 - 5 + 1) * 17);  // C0 without \t \n \v \f \r, plus DEL
}

TEST(ConfiguredSecret, RefusesInvisibleNonAsciiCharactersButKeepsOtherBytes) {
  // A no-break space pasted from a web page, a byte order mark from a Windows editor,
  // a zero-width space, a C1 control: refused wherever they are (they are not trimmed).
  const std::pair<std::string, std::string> invisible[] = {{"\xC2\xA0", "an invisible character (U+00A0)"},
                                                           {"\xEF\xBB\xBF", "an invisible character (U+FEFF)"},
                                                           {"\xE2\x80\x8B", "an invisible character (U+200B)"},
                                                           {"\xE3\x80\x80", "an invisible character (U+3000)"},
                                                           {"\xC2\x85", "a control character (U+0085)"}};
  for (const auto& [character, what] : invisible) {
    for (const std::string& configured : {character + "abc", "abc" + character, "a" + character + "bc"}) {
      SCOPED_TRACE(testing::PrintToString(configured));
      const wh::secret s(configured);
      ASSERT_TRUE(s.empty());
      EXPECT_NE(s.problem()->message().find("contains " + what + " at byte "), std::string_view::npos)
          << s.problem()->message();
    }
  }
  // Other bytes are key bytes: UTF-8 letters, and bytes that are not UTF-8 at all.
  for (const std::string& key : {std::string("s\xC3\xA9"
                                             "cret"),
                                 std::string("\xFF\xFE-key"), std::string("\xE0\x82\x85")}) {
    const wh::secret s(key);
    EXPECT_FALSE(s.empty()) << s.problem()->message();
    EXPECT_EQ(matched(wh::verifier({s}), key), 0u);
  }
}

TEST(ConfiguredSecret, RefusesAValueWrappedInQuotes) {
  // ONCEHUB_WEBHOOK_SECRET="live-secret-4f2a" in a .env file read by docker keeps them.
  for (const std::string& wrapper : kWrappers) {
    for (const char quote : {'"', '\''}) {
      const std::string configured = wrapper + quote + "live-secret-4f2a" + quote + wrapper;
      SCOPED_TRACE(testing::PrintToString(configured));
      const wh::secret s(configured, "env#1");
      ASSERT_TRUE(s.empty());
      EXPECT_EQ(s.problem()->message(),
                std::string("secret env#1 is wrapped in ") + (quote == '"' ? "double" : "single") +
                    " quotes (kept by a .env file or YAML?): remove them; OnceHub secrets are 32 lower-case hex "
                    "characters");
    }
  }
  // A quote that is not a pair around the value is a key byte like any other.
  for (const std::string key : {"\"live-secret", "live-secret'", "\"live'", "\""}) {
    EXPECT_FALSE(wh::secret(key).empty()) << key;
  }
}

TEST(ConfiguredSecret, AMovedFromSecretSaysItIsEmpty) {
  wh::secret a("live-secret-4f2a", "current");
  const wh::secret b = std::move(a);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from secrets are empty
  EXPECT_EQ(a.problem()->message(), "the secret is empty; OnceHub secrets are 32 lower-case hex characters");
  EXPECT_FALSE(b.empty());
  // Signing with it is an error, not an empty header; the secret moved to signs as before.
  const auto refused = wh::sign(kBody, a, kT);  // NOLINT(bugprone-use-after-move)
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), wh::errc::signature_no_secret);
  EXPECT_EQ(refused.error().message(), "the secret is empty; OnceHub secrets are 32 lower-case hex characters");
  EXPECT_EQ(wh::sign(kBody, b, kT).value(), wh::sign(kBody, "live-secret-4f2a", kT).value());
  // So does a copy, and a secret moved-assigned over another.
  wh::secret c("other-secret", "other");
  c = b;
  EXPECT_EQ(wh::sign(kBody, c, kT).value(), wh::sign(kBody, "live-secret-4f2a", kT).value());
  wh::secret d("other-secret", "other");
  d = std::move(c);
  EXPECT_EQ(wh::sign(kBody, d, kT).value(), wh::sign(kBody, "live-secret-4f2a", kT).value());
  EXPECT_FALSE(wh::sign(kBody, c, kT));  // NOLINT(bugprone-use-after-move)
}

TEST(ConfiguredSecret, SigningWithARefusedSecretIsAnErrorNamingItNeverItsValue) {
  const std::vector<std::string> values = {"old secret", "", " \t ", "\"quoted-secret\"",
                                           std::string("nul\0inside", 10)};
  for (const std::string& value : values) {
    SCOPED_TRACE(testing::PrintToString(value));
    const wh::secret refused(value, "previous");
    ASSERT_TRUE(refused.empty());
    const auto header = wh::sign(kBody, refused, kT);
    ASSERT_FALSE(header);
    EXPECT_EQ(header.error().code(), wh::errc::signature_no_secret);
    EXPECT_EQ(header.error().message(), refused.problem()->message());
    if (value.size() > 3) { EXPECT_EQ(header.error().to_string().find(value), std::string::npos); }
  }
}

// ---- the verifier ----------------------------------------------------------------------

TEST(ConfiguredSecret, AVerifierWithARefusedSecretVerifiesNothingAndSaysWhy) {
  const wh::verifier v({wh::secret("live-secret-4f2a", "current"), wh::secret("old secret", "previous")});
  const auto problem = v.configuration_error();
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->code(), wh::errc::signature_no_secret);
  EXPECT_EQ(
      problem->message(),
      "secret previous contains a space inside it (byte 4 of 10); OnceHub secrets are 32 lower-case hex characters");
  // Even the good secret's signature: a configuration error is a 500, never a 401 or a 2xx.
  auto r = v.verify(kBody, wh::sign(kBody, "live-secret-4f2a", kT).value(), kT);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), wh::errc::signature_no_secret);
  EXPECT_EQ(r.error().message(), problem->message());
  EXPECT_EQ(wh::outcome_of(r.error().code()), wh::outcome::server_error);
  EXPECT_EQ(wh::verifier(std::vector<wh::secret>{}).configuration_error()->message(),
            "the verifier has no secret to check signatures with");
}

TEST(ConfiguredSecret, StringSecretsAreLabelledByPosition) {
  const wh::verifier v{"old-secret-0000", " live-secret-4f2a\n"};
  auto r = v.verify(kBody, wh::sign(kBody, "live-secret-4f2a", kT).value(), kT);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->secret_index, 1u);
  EXPECT_EQ(r->secret_label, "#2");
  EXPECT_EQ(wh::verifier{"a b"}.configuration_error()->message(),
            "secret #1 contains a space inside it (byte 2 of 3); OnceHub secrets are 32 lower-case hex characters");
}

TEST(ConfiguredSecret, AMismatchListsEveryCauseWithoutClaimingOne) {
  auto r = wh::verifier{"live-secret-4f2a"}.verify(kBody, wh::sign(kBody, "another-secret", kT).value(), kT);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), wh::errc::signature_mismatch);
  EXPECT_EQ(r.error().message(),
            "no s= matches the body under any configured secret. Check the secret (this endpoint's, copied whole), "
            "that the body is the raw bytes received, and that no proxy re-encoded it");
}

// ---- lists -----------------------------------------------------------------------------

TEST(SecretList, ParsesTheIssuesRotationListWithASpaceAfterTheComma) {
  auto list = wh::parse_secret_list("old-secret-0000, live-secret-4f2a", "ONCEHUB_WEBHOOK_SECRET", "env#");
  ASSERT_TRUE(list) << list.error().to_string();
  ASSERT_EQ(list->secrets.size(), 2u);
  EXPECT_EQ(list->secrets[0].label(), "env#1");
  EXPECT_EQ(list->secrets[1].label(), "env#2");
  EXPECT_EQ(list->trimmed, std::vector<std::string>{"env#2"});
  EXPECT_EQ(
      list->trimmed_note(),
      "trimmed the whitespace around ONCEHUB_WEBHOOK_SECRET env#2 (OnceHub secrets contain none; values not shown)");
  const wh::verifier v(std::move(list->secrets));
  auto r = v.verify(kBody, wh::sign(kBody, "live-secret-4f2a", kT).value(), kT);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->secret_label, "env#2");
}

TEST(SecretList, TrimsEveryWrapperAroundEveryItem) {
  // Every wrapper around each item of a two- and a three-item list (and the one-item list),
  // with the file-style endings a whole list may have: exact labels and trimmed items.
  int checked = 0;
  for (std::size_t items = 1; items <= 3; ++items) {
    for (std::size_t w = 0; w < kWrappers.size(); ++w) {
      for (std::size_t target = 0; target < items; ++target) {
        std::string list;
        std::vector<std::string> expected_trimmed;
        for (std::size_t i = 0; i < items; ++i) {
          if (i != 0) { list += ","; }
          // The target item gets the wrapper on both sides; the others one on one side.
          const std::string& before = i == target ? kWrappers[w] : kWrappers[(w + i) % kWrappers.size()];
          const std::string after = i == target ? kWrappers[w] : std::string();
          list += before + kSecrets[i] + after;
          if (!before.empty() || !after.empty()) { expected_trimmed.push_back("#" + std::to_string(i + 1)); }
        }
        SCOPED_TRACE(testing::PrintToString(list));
        auto parsed = wh::parse_secret_list(list, "--secret");
        ASSERT_TRUE(parsed) << parsed.error().to_string();
        ASSERT_EQ(parsed->secrets.size(), items);
        EXPECT_EQ(parsed->trimmed, expected_trimmed);
        const wh::verifier v(parsed->secrets);
        for (std::size_t i = 0; i < items; ++i) {
          EXPECT_EQ(parsed->secrets[i].label(), "#" + std::to_string(i + 1));
          EXPECT_EQ(matched(v, kSecrets[i]), i);
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 10 * (1 + 2 + 3));
}

TEST(SecretList, RefusesEmptyItemsNamingTheirPosition) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "ONCEHUB_WEBHOOK_SECRET is empty; OnceHub secrets are 32 lower-case hex characters"},
      {" \r\n",
       "ONCEHUB_WEBHOOK_SECRET is empty after trimming whitespace; OnceHub secrets are 32 lower-case hex "
       "characters"},
      {",live-secret-4f2a", "ONCEHUB_WEBHOOK_SECRET item 1 is empty; a doubled or trailing comma?"},
      {"live-secret-4f2a,", "ONCEHUB_WEBHOOK_SECRET item 2 is empty; a doubled or trailing comma?"},
      {"live-secret-4f2a,\n",
       "ONCEHUB_WEBHOOK_SECRET item 2 is empty after trimming whitespace; a doubled or "
       "trailing comma?"},
      {"old-secret-0000,,live-secret-4f2a", "ONCEHUB_WEBHOOK_SECRET item 2 is empty; a doubled or trailing comma?"},
      {"old-secret-0000, ,live-secret-4f2a",
       "ONCEHUB_WEBHOOK_SECRET item 2 is empty after trimming whitespace; a "
       "doubled or trailing comma?"},
      {",", "ONCEHUB_WEBHOOK_SECRET item 1 is empty; a doubled or trailing comma?"},
  };
  for (const auto& [list, message] : cases) {
    SCOPED_TRACE(testing::PrintToString(list));
    auto r = wh::parse_secret_list(list, "ONCEHUB_WEBHOOK_SECRET", "env#");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), wh::errc::invalid_value);
    EXPECT_EQ(r.error().message(), message);
  }
}

TEST(SecretList, RefusesInnerWhitespaceAndControlCharactersInAnyItem) {
  // Each bad item at each position of a three-item list, with a space after each comma.
  const std::pair<std::string, std::string> bad[] = {
      {"old secret",
       "contains a space inside it (byte 4 of 10); separate several secrets with commas; OnceHub "
       "secrets are 32 lower-case hex characters"},
      {"old-secret-0000 live-secret-4f2a",
       "contains a space inside it (byte 16 of 32); separate several secrets with commas; OnceHub secrets are 32 "
       "lower-case hex characters"},
      {"live\nsecret",
       "contains a line break inside it (byte 5 of 11); separate several secrets with commas; OnceHub "
       "secrets are 32 lower-case hex characters"},
      {std::string("live\0secret", 11),
       "contains a control character (U+0000) at byte 5 of 11; OnceHub secrets are 32 lower-case hex characters"},
      {"live-secret\x7F",
       "contains a control character (U+007F) at byte 12 of 12; OnceHub secrets are 32 lower-case hex characters"},
  };
  for (const auto& [item, problem] : bad) {
    for (std::size_t position = 0; position < 3; ++position) {
      std::vector<std::string> items = {"a-secret-1", "a-secret-2", "a-secret-3"};
      items[position] = item;
      const std::string list = items[0] + ", " + items[1] + ", " + items[2];
      SCOPED_TRACE(testing::PrintToString(list));
      auto r = wh::parse_secret_list(list, "ONCEHUB_WEBHOOK_SECRET", "env#");
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().path(), "env#" + std::to_string(position + 1));
      EXPECT_EQ(r.error().message(), "ONCEHUB_WEBHOOK_SECRET item " + std::to_string(position + 1) + " " + problem);
      for (const std::string& s : items) { EXPECT_EQ(r.error().to_string().find(s), std::string::npos); }
    }
  }
}

TEST(SecretList, RepeatedFlagsAreNumberedOnAcrossThem) {
  const std::vector<std::string_view> flags = {"old-secret-0000\r\n", "a-secret-2, live-secret-4f2a"};
  auto list = wh::parse_secret_list(flags, "--secret");
  ASSERT_TRUE(list) << list.error().to_string();
  ASSERT_EQ(list->secrets.size(), 3u);
  EXPECT_EQ(list->secrets[2].label(), "#3");
  EXPECT_EQ(list->trimmed, (std::vector<std::string>{"#1", "#3"}));
  EXPECT_EQ(matched(wh::verifier(list->secrets), "live-secret-4f2a"), 2u);
  const std::vector<std::string_view> bad = {"old-secret-0000", ""};
  EXPECT_EQ(message_of(wh::parse_secret_list(bad, "--secret")),
            "--secret item 2 is empty; a doubled or trailing comma?");
  // No flag at all: no secret and no error, the caller says what is missing.
  auto none = wh::parse_secret_list(std::span<const std::string_view>{}, "--secret");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->secrets.empty());
  EXPECT_EQ(none->trimmed_note(), "");
}

// ---- any configured value ----------------------------------------------------------------

TEST(ConfiguredValue, TrimsAndRefusesByTheSameRule) {
  for (const std::string& before : kWrappers) {
    for (const std::string& after : kWrappers) {
      const std::string text = before + "https://example.com/hooks" + after;
      auto r = wh::check_configured_value(text, "--url");
      ASSERT_TRUE(r) << r.error().to_string();
      EXPECT_EQ(r->value, "https://example.com/hooks");
      EXPECT_EQ(r->trimmed, text.size() != r->value.size());
      EXPECT_EQ(r->value.data(), text.data() + before.size());  // a view, not a copy
    }
  }
  const std::string key = "key-123\r\nX-Injected: 1";
  auto refused = wh::check_configured_value(key, "ONCEHUB_API_KEY");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), wh::errc::invalid_value);
  EXPECT_EQ(refused.error().path(), "ONCEHUB_API_KEY");
  EXPECT_EQ(refused.error().message(), "ONCEHUB_API_KEY contains a line break inside it (byte 8 of 22)");
  EXPECT_EQ(wh::check_configured_value("\n", "ONCEHUB_API_KEY").error().message(),
            "ONCEHUB_API_KEY is empty after trimming whitespace");
}

}  // namespace
