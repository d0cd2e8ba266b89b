// SPDX-License-Identifier: MIT
/// @file
/// Fuzzes `Oncehub-Signature` handling (`signature.hpp`): the header parser, `sign`,
/// `verifier::verify` and the verify-then-parse `endpoint`.
///
/// The input is split by FuzzedDataProvider: a header value (up to an unescaped
/// backslash), then the body (everything else), with `t`, a tweak and a clock offset
/// taken off the end. The HMAC reference is OpenSSL's one-shot `HMAC()` (EVP_MAC), not the
/// library's own RFC 2104 over SHA-256 with each secret's key states prepared once, and
/// the hex is printed here. Invariants:
/// - `parse_signature_header` never crashes; what it returns is in the header (`t=` as
///   sent, each `s=` as its hex), and printing it canonically parses to the same thing;
/// - `verify(body, header, at)` with an arbitrary header succeeds only when one of its
///   `s=` is the reference HMAC and `t` is within the tolerance, and otherwise fails
///   with the reason that the header, the window or the bytes give;
/// - `sign(body, secret, t)` is byte for byte `t=<t>,s=<reference hex>` (never an error
///   for a raw key; `signature_no_secret` for a refused secret), and it verifies
///   for any body, any `t` (0 to 10^18 - 1, what the parser reads) and any secret the
///   configured-value rule accepts, exactly up to the tolerance on both sides; one
///   changed, added or dropped body byte, another `t` or another `s` digit makes it a
///   `signature_mismatch`;
/// - a configured secret is the key with the ASCII whitespace around it trimmed (a
///   signature by the untrimmed bytes does not verify), or it is refused (empty,
///   whitespace or a control character inside, quotes around) with `signature_no_secret`
///   on every verification and a message that never contains the key;
/// - an `endpoint` verifies before it parses: a good signature yields exactly what the
///   parser says about the body, a bad one `signature_mismatch` whatever the body, and an
///   oversized body `too_large` whatever the header.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/signature.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "support/check.hpp"
#include "support/data_provider.hpp"

namespace wh = oncehub::webhooks;
using std::chrono::seconds;
using std::chrono::sys_seconds;

namespace {

using digest = std::array<unsigned char, 32>;

/// The shape of OnceHub's documented secret (also in tests/data/signatures/vectors.json).
constexpr std::string_view kSecret = "d7686b8c83f04913929079aeae40189e";
constexpr seconds kTolerance{300};
/// The largest `t` the header parser reads (18 digits, so it cannot overflow).
constexpr std::int64_t kMaxTimestamp = 999'999'999'999'999'999;

digest reference_hmac(std::string_view key, std::string_view t, std::string_view body) {
  const std::string message = std::string(t) + "." + std::string(body);
  static const char empty_key = 0;
  digest out{};
  unsigned int length = 0;
  const unsigned char* result =
      HMAC(EVP_sha256(), key.empty() ? &empty_key : key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(), &length);
  FUZZ_CHECK(result != nullptr && length == out.size(), "OpenSSL HMAC() failed");
  return out;
}

std::string hex(const digest& bytes, bool upper = false) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xF]);
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') { c = static_cast<char>(c - 'A' + 'a'); }
  }
  return out;
}

bool is_signature_code(wh::errc code) {
  switch (code) {
    case wh::errc::signature_header_missing:
    case wh::errc::signature_header_malformed:
    case wh::errc::signature_timestamp_invalid:
    case wh::errc::signature_timestamp_too_old:
    case wh::errc::signature_timestamp_too_new:
    case wh::errc::signature_mismatch: return true;
    default: return false;
  }
}

wh::verifier make_verifier(std::string_view key, sys_seconds now) {
  wh::verifier_options options;
  options.tolerance = kTolerance;
  options.clock = [now] { return now; };
  std::vector<wh::secret> secrets;
  secrets.emplace_back(key, "fuzz");
  return wh::verifier(std::move(secrets), options);
}

/// What the parser returns is what the header says.
void check_header(std::string_view header) {
  const std::string what = "header \"" + fuzz_support::excerpt(header) + "\"";
  auto parsed = wh::parse_signature_header(header);
  if (!parsed) {
    const wh::errc code = parsed.error().code();
    FUZZ_CHECK(code == wh::errc::signature_header_missing || code == wh::errc::signature_header_malformed ||
                   code == wh::errc::signature_timestamp_invalid,
               what + ": " + parsed.error().to_string());
    const bool blank = header.find_first_not_of(" \t") == std::string_view::npos;
    FUZZ_CHECK(blank == (code == wh::errc::signature_header_missing), what);
    FUZZ_CHECK(!parsed.error().message().empty(), what);
    return;
  }
  const wh::signature_header& h = *parsed;
  FUZZ_CHECK(h.signature_count >= 1 && h.signature_count <= wh::signature_header::max_signatures, what);
  // `t` is a view of the header, right after "t=", 1 to 18 decimal digits.
  const std::string_view t = h.timestamp_text;
  FUZZ_CHECK(t.data() >= header.data() + 2 && t.data() + t.size() <= header.data() + header.size(), what);
  FUZZ_CHECK(std::string_view(t.data() - 2, 2) == "t=", what);
  FUZZ_CHECK(!t.empty() && t.size() <= 18 && t.find_first_not_of("0123456789") == std::string_view::npos, what);
  std::int64_t value = -1;
  std::from_chars(t.data(), t.data() + t.size(), value);
  FUZZ_CHECK(h.timestamp.time_since_epoch().count() == value, what);
  // Every signature kept was sent as "s=<its hex>", in either case.
  const std::string header_lower = lower(header);
  std::string canonical = "t=" + std::string(t);
  for (std::size_t i = 0; i < h.signature_count; ++i) {
    FUZZ_CHECK(header_lower.find("s=" + hex(h.signatures[i])) != std::string::npos, what);
    canonical += ",s=" + hex(h.signatures[i]);
  }
  // Printed canonically, it parses to the same header.
  auto again = wh::parse_signature_header(canonical);
  FUZZ_CHECK(again && again->timestamp == h.timestamp && again->signature_count == h.signature_count &&
                 again->ignored_signatures == 0 &&
                 std::equal(h.signatures.begin(), h.signatures.begin() + static_cast<std::ptrdiff_t>(h.signature_count),
                            again->signatures.begin()),
             what + " -> " + canonical);
}

/// Verification of an arbitrary header agrees with the reference HMAC and the window.
void check_arbitrary_verify(std::string_view body, std::string_view header, sys_seconds fallback, int skew) {
  auto parsed = wh::parse_signature_header(header);
  const sys_seconds at = (parsed ? parsed->timestamp : fallback) + seconds{skew};
  const wh::verifier v = make_verifier(kSecret, at);
  auto verified = v.verify(body, header, at);
  const std::string what = "header \"" + fuzz_support::excerpt(header) + "\"";
  if (!parsed) {
    FUZZ_CHECK(!verified && verified.error().code() == parsed.error().code(), what);
    return;
  }
  bool matches = false;
  const digest expected = reference_hmac(kSecret, parsed->timestamp_text, body);
  for (std::size_t i = 0; i < parsed->signature_count; ++i) { matches = matches || parsed->signatures[i] == expected; }
  const bool in_window = parsed->timestamp >= at - kTolerance && parsed->timestamp <= at + kTolerance;
  if (verified) {
    FUZZ_CHECK(matches && in_window, what);
    FUZZ_CHECK(verified->signed_at == parsed->timestamp && verified->secret_index == 0, what);
    return;
  }
  const wh::errc code = verified.error().code();
  FUZZ_CHECK(is_signature_code(code), what + ": " + verified.error().to_string());
  if (parsed->timestamp < at - kTolerance) {
    FUZZ_CHECK(code == wh::errc::signature_timestamp_too_old, what + ": " + verified.error().to_string());
  } else if (parsed->timestamp > at + kTolerance) {
    FUZZ_CHECK(code == wh::errc::signature_timestamp_too_new, what + ": " + verified.error().to_string());
  } else {
    FUZZ_CHECK(code == wh::errc::signature_mismatch && !matches, what + ": " + verified.error().to_string());
  }
}

template <class T>
void expect_code(const wh::result<T>& r, wh::errc code, const std::string& what) {
  FUZZ_CHECK(!r && r.error().code() == code, what + ": expected " + std::string(wh::to_string(code)) + ", got " +
                                                 (r ? std::string("success") : r.error().to_string()));
}

/// `sign(body, key, t)`, which never fails for a raw key.
template <class Key>
std::string signed_header(std::string_view body, const Key& key, sys_seconds t, const std::string& what) {
  auto header = wh::sign(body, key, t);
  FUZZ_CHECK(header.has_value(), what + ": sign() failed: " + (header ? std::string() : header.error().to_string()));
  return *std::move(header);
}

/// The configured-secret rule, computed independently: the key without the ASCII
/// whitespace around it, or nothing when the library must refuse it.
std::optional<std::string> configured_key(std::string_view key) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  while (!key.empty() && space(key.front())) { key.remove_prefix(1); }
  while (!key.empty() && space(key.back())) { key.remove_suffix(1); }
  if (key.empty()) { return std::nullopt; }
  if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front()) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < key.size(); ++i) {
    const auto byte = static_cast<unsigned char>(key[i]);
    if (byte <= 0x20 || byte == 0x7F) { return std::nullopt; }  // controls, and whitespace (<= 0x20) inside
    // C1 controls and the no-break space (U+0080-U+00A0, soft hyphen U+00AD): C2 80-A0, C2 AD.
    if (byte == 0xC2 && i + 1 < key.size()) {
      const auto next = static_cast<unsigned char>(key[i + 1]);
      if ((next >= 0x80 && next <= 0xA0) || next == 0xAD) { return std::nullopt; }
    }
    // The byte order mark, U+FEFF: EF BB BF.
    if (key.substr(i, 3) == "\xEF\xBB\xBF") { return std::nullopt; }
  }
  return std::string(key);
}

/// A secret from `key` is the trimmed key, or refused without ever showing the key.
/// Returns the key that verifies, or nothing when it was refused.
std::optional<std::string> check_configured_secret(std::string_view key, std::string_view body, sys_seconds t) {
  const wh::secret configured(key, "fuzz");
  const std::optional<std::string> expected = configured_key(key);
  const std::string what = "key \"" + fuzz_support::excerpt(key) + "\"";
  if (configured.empty()) {
    const auto problem = configured.problem();
    FUZZ_CHECK(problem && problem->code() == wh::errc::invalid_value, what);
    // The message never shows the key: it is the same for a key of the same shape whose
    // printable bytes are all 'x' (whitespace, controls, non-ASCII bytes and quotes kept).
    std::string shadow(key);
    for (char& c : shadow) {
      if (c > 0x20 && c < 0x7F && c != '"' && c != '\'') { c = 'x'; }
    }
    const wh::secret same_shape(shadow, "fuzz");
    FUZZ_CHECK(same_shape.empty() && same_shape.problem()->to_string() == problem->to_string(),
               what + ": the message depends on the key's bytes: " + problem->to_string());
    // Refused values the independent rule accepts must be invisible non-ASCII ones.
    if (expected) {
      FUZZ_CHECK(problem->message().find("invisible character") != std::string_view::npos,
                 what + ": " + problem->to_string());
    }
    const wh::verifier refused(std::vector<wh::secret>{configured});
    expect_code(refused.verify(body, signed_header(body, key, t, what), t), wh::errc::signature_no_secret, what);
    // Signing with it is the same refusal, not a header.
    const auto not_signed = wh::sign(body, configured, t);
    expect_code(not_signed, wh::errc::signature_no_secret, what + ": sign()");
    FUZZ_CHECK(not_signed.error().message() == problem->message(), what + ": " + not_signed.error().to_string());
    return std::nullopt;
  }
  FUZZ_CHECK(expected && !configured.problem(), what + " was accepted");
  FUZZ_CHECK(configured.trimmed() == (expected->size() != key.size()), what + " trimmed()");
  // The configured secret signs as its trimmed bytes.
  FUZZ_CHECK(signed_header(body, configured, t, what) == signed_header(body, *expected, t, what), what);
  return expected;
}

/// sign() then verify(), and what must break it. `thorough` adds the window, spelling
/// and rotation checks, which do not depend on the key (and cost an HMAC each).
void check_round_trip(std::string_view body, std::string_view key, std::int64_t t_value, std::uint32_t tweak,
                      bool thorough) {
  const sys_seconds t{seconds{t_value}};
  const std::string t_text = std::to_string(t_value);
  const std::string what_t = "t=" + t_text;
  const std::string header = signed_header(body, key, t, what_t);
  const digest mac = reference_hmac(key, t_text, body);
  const std::string what = "t=" + t_text + " body \"" + fuzz_support::excerpt(body, 60) + "\"";
  FUZZ_CHECK(header == "t=" + t_text + ",s=" + hex(mac), what + ": sign() gave " + header);
  FUZZ_CHECK(wh::signed_payload(t_text, body) == t_text + "." + std::string(body), what);

  auto parsed = wh::parse_signature_header(header);
  FUZZ_CHECK(parsed && parsed->timestamp == t && parsed->timestamp_text == t_text && parsed->signature_count == 1 &&
                 parsed->signatures[0] == mac && parsed->ignored_signatures == 0,
             what);

  // A configured secret is the trimmed key, or refused (then nothing verifies).
  const std::optional<std::string> configured = check_configured_secret(key, body, t);
  if (!configured) { return; }
  const wh::verifier v = make_verifier(key, t);
  if (*configured != key) {
    // The untrimmed bytes are not the key: OnceHub never signs with whitespace.
    expect_code(v.verify(body, header, t), wh::errc::signature_mismatch, what + " untrimmed key");
    return;
  }
  auto verified = v.verify(body, header, t);
  FUZZ_CHECK(verified && verified->secret_index == 0 && verified->secret_label == "fuzz" && verified->signed_at == t,
             what + ": " + (verified ? std::string() : verified.error().to_string()));
  // One byte changed.
  if (!body.empty()) {
    std::string changed(body);
    const std::size_t at = tweak % changed.size();
    changed[at] = static_cast<char>(changed[at] ^ static_cast<char>(1 + (tweak >> 16) % 255));
    expect_code(v.verify(changed, header, t), wh::errc::signature_mismatch, what + " byte " + std::to_string(at));
  }
  if (!thorough) { return; }

  FUZZ_CHECK(v.verify(body, header), what + ": verify() at the verifier's clock");
  // The window holds exactly the tolerance, on both sides.
  FUZZ_CHECK(v.verify(body, header, t + kTolerance), what);
  FUZZ_CHECK(v.verify(body, header, t - kTolerance), what);
  expect_code(v.verify(body, header, t + kTolerance + seconds{1}), wh::errc::signature_timestamp_too_old, what);
  expect_code(v.verify(body, header, t - kTolerance - seconds{1}), wh::errc::signature_timestamp_too_new, what);

  // One byte dropped or added.
  if (!body.empty()) {
    expect_code(v.verify(body.substr(0, body.size() - 1), header, t), wh::errc::signature_mismatch, what + " dropped");
  }
  expect_code(v.verify(std::string(body) + static_cast<char>(tweak & 0xFF), header, t), wh::errc::signature_mismatch,
              what + " appended");
  // Another t under the same s=, and another s= digit.
  if (t_value < kMaxTimestamp) {
    const std::string next = "t=" + std::to_string(t_value + 1) + ",s=" + hex(mac);
    expect_code(v.verify(body, next, t), wh::errc::signature_mismatch, what + " t+1");
  }
  std::string digit = header;
  digit.back() = digit.back() == '0' ? '1' : '0';
  expect_code(v.verify(body, digit, t), wh::errc::signature_mismatch, what + " last digit");

  // Equivalent spellings verify: upper-case hex, spaces around elements, any element
  // order, unknown elements and malformed extra signatures alongside.
  FUZZ_CHECK(v.verify(body, "t=" + t_text + ",s=" + hex(mac, true), t), what + " upper-case");
  FUZZ_CHECK(v.verify(body, " s=" + hex(mac) + " ,\tv9=x, t=" + t_text + " ,s=zz", t), what + " reordered");

  // Rotation: the second secret matches and is reported.
  if (key != "another-secret") {
    std::vector<wh::secret> secrets;
    secrets.emplace_back("another-secret", "old");
    secrets.emplace_back(key, "new");
    const wh::verifier rotating(std::move(secrets));
    auto rotated = rotating.verify(body, header, t);
    FUZZ_CHECK(rotated && rotated->secret_index == 1 && rotated->secret_label == "new", what + " rotation");
  }
  const wh::verifier none(std::vector<wh::secret>{});
  expect_code(none.verify(body, header, t), wh::errc::signature_no_secret, what);
}

/// The endpoint verifies first, then parses.
void check_endpoint(std::string_view body, std::string_view arbitrary_header, std::int64_t t_value) {
  const sys_seconds t{seconds{t_value}};
  static wh::endpoint endpoint{make_verifier(kSecret, sys_seconds{})};
  static wh::parser parser;
  const std::string header = signed_header(body, kSecret, t, "t=" + std::to_string(t_value));
  const std::string what = "body \"" + fuzz_support::excerpt(body, 60) + "\"";
  {
    auto delivered = endpoint.receive(body, header, t);
    auto parsed = parser.parse(body);
    FUZZ_CHECK(delivered.has_value() == parsed.has_value(), what);
    if (parsed) {
      FUZZ_CHECK(delivered->type_name() == parsed->type_name() && delivered->signature().has_value() &&
                     delivered->signature()->signed_at == t,
                 what);
    } else {
      FUZZ_CHECK(delivered.error().code() == parsed.error().code(), what + ": " + delivered.error().to_string());
    }
  }
  std::string forged = header;
  forged.back() = forged.back() == 'f' ? 'e' : 'f';
  auto rejected = endpoint.receive(body, forged, t);
  FUZZ_CHECK(!rejected && rejected.error().code() == (body.size() > endpoint.options().max_body_size
                                                          ? wh::errc::too_large
                                                          : wh::errc::signature_mismatch),
             what);
  // The size limit comes before the signature.
  static wh::endpoint small{make_verifier(kSecret, sys_seconds{}), wh::parser_options{.max_body_size = 16}};
  if (body.size() > 16) {
    auto too_large = small.receive(body, arbitrary_header, t);
    FUZZ_CHECK(!too_large && too_large.error().code() == wh::errc::too_large, what);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const std::string header = in.ConsumeRandomLengthString(1024);
  const auto t = in.ConsumeIntegralInRange<std::int64_t>(0, kMaxTimestamp);
  const auto tweak = in.ConsumeIntegral<std::uint32_t>();
  const auto skew = in.ConsumeIntegralInRange<int>(-400, 400);
  const std::string body = in.ConsumeRemainingBytesAsString();

  check_header(header);
  check_arbitrary_verify(body, header, sys_seconds{seconds{t}}, skew);
  check_round_trip(body, kSecret, t, tweak, true);
  // The header doubles as a second, configured secret: any key is signed with as bytes,
  // and a secret built from it is the trimmed key or a refusal.
  check_round_trip(body, header, t, tweak, false);
  check_endpoint(body, header, t);
  return 0;
}
