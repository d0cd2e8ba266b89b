// SPDX-License-Identifier: MIT
/// @file
/// The member decoders for scalar values (string, open enum, boolean, timestamp), one set
/// for both decoders, parameterised by a policy: what a value of the wrong JSON type or an
/// unreadable one means. Here also the lenient policy, the delivery decoder's, with its
/// integer and any-JSON-value decoders: a value of the wrong JSON type or format is not an
/// error; the member reads as invalid and a `finding` is recorded (OnceHub would retry a
/// rejected delivery for days and then disable the webhook). The strict policy, which
/// fails the document instead, is the Webhooks API decoder's (`webhooks_api_decoder.hpp`).
/// Built on the JSON core (`json_validator.hpp`).
#ifndef ONCEHUB_WEBHOOKS_DETAIL_SCALAR_DECODERS_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_SCALAR_DECODERS_HPP

#include <simdjson.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/detail/event_storage.hpp"
#include "oncehub/webhooks/detail/json_validator.hpp"
#include "oncehub/webhooks/detail/key_table.hpp"
#include "oncehub/webhooks/detail/timestamp.hpp"
#include "oncehub/webhooks/error.hpp"
#include "oncehub/webhooks/events.hpp"
#include "oncehub/webhooks/fields.hpp"

namespace oncehub::webhooks::inline v0::detail {

namespace od = simdjson::ondemand;

/// The limits and policies the decoder applies (a copy of `parser_options`' relevant part).
struct decode_limits {
  std::size_t max_depth = 64;
  bool strict_fields = false;
  bool strict_event_types = false;
};

/// The member decoders both decoders share. `Policy` (CRTP, the class deriving from this
/// one) says what a value that does not fit its member means, through three hooks:
/// - `mismatch(member, v, path, expected)`: a JSON type other than the member's
///   (`expected` is what a finding shows);
/// - `unrepresentable(member, v, e, path, expected)`: simdjson could not read the value
///   (`e`), which may still be grammatical JSON (an escaped lone surrogate);
/// - `decode_nonstandard_timestamp(member, text, v, path)`: a string not in RFC 3339 form.
/// Lenient (`scalar_decoder`, deliveries): a finding, and the decode goes on. Strict
/// (`api_decoder`, Webhooks API answers): the document fails. The hooks are called as
/// `static_cast<Policy*>(this)->hook(...)`, not through a `policy()` accessor: that one
/// more function changed g++ 12's inlining across the bench driver (+41 instructions on
/// `typical`); without it the delivery decoder compiles exactly as before.
template <class Policy>
class member_decoders : public json_walker {
 public:
  using json_walker::json_walker;

 protected:
  // --- members -------------------------------------------------------------------

  [[gnu::always_inline]] bool decode(field<std::string_view>& member, od::value& v, const path_segment& path) noexcept {
    std::string_view text;
    const auto e = v.get_string().get(text);
    if (e == simdjson::SUCCESS) {
      access::value(member) = text;
      access::state(member) = presence::present;
      return true;
    }
    if (e != simdjson::INCORRECT_TYPE) {
      return static_cast<Policy*>(this)->unrepresentable(member, v, e, path, "string");
    }
    return static_cast<Policy*>(this)->mismatch(member, v, path, "string");
  }

  template <class E>
  [[gnu::always_inline]] bool decode(field<open_enum<E>>& member, od::value& v, const path_segment& path) noexcept {
    std::string_view text;
    const auto e = v.get_string().get(text);
    if (e == simdjson::SUCCESS) {
      access::value(member) = open_enum<E>(text);
      access::state(member) = presence::present;
      return true;
    }
    if (e != simdjson::INCORRECT_TYPE) {
      return static_cast<Policy*>(this)->unrepresentable(member, v, e, path, "string");
    }
    return static_cast<Policy*>(this)->mismatch(member, v, path, "string");
  }

  [[gnu::always_inline]] bool decode(field<bool>& member, od::value& v, const path_segment& path) noexcept {
    bool flag = false;
    const auto e = v.get_bool().get(flag);
    if (e == simdjson::SUCCESS) {
      access::value(member) = flag;
      access::state(member) = presence::present;
      return true;
    }
    if (e != simdjson::INCORRECT_TYPE) { return fail_json(e, &path); }
    return static_cast<Policy*>(this)->mismatch(member, v, path, "boolean");
  }

  [[gnu::always_inline]] bool decode(field<timestamp>& member, od::value& v, const path_segment& path) noexcept {
    std::string_view text;
    const auto e = v.get_string().get(text);
    if (e == simdjson::INCORRECT_TYPE) {
      return static_cast<Policy*>(this)->mismatch(member, v, path, "RFC 3339 timestamp string");
    }
    if (e != simdjson::SUCCESS) {
      access::value(member) = timestamp{};  // no text: none exists in UTF-8
      return static_cast<Policy*>(this)->unrepresentable(member, v, e, path, "RFC 3339 timestamp string");
    }
    if (auto time = parse_rfc3339(text)) [[likely]] {
      access::value(member) = timestamp{*time, text};
      access::state(member) = presence::present;
      return true;
    }
    static_cast<Policy*>(this)->decode_nonstandard_timestamp(member, text, v, path);
    return true;
  }
};

/// The lenient policy: decodes the scalar members of a delivery, recording a finding for
/// a value that does not fit; `object_decoder` adds objects and lists.
class scalar_decoder : public member_decoders<scalar_decoder> {
  friend class member_decoders<scalar_decoder>;  // calls the policy's hooks

 public:
  /// `frames` must have room for `limits.max_depth + 1` frames (reserved by the parser).
  /// `in` frames the body: offsets count from its first byte as received.
  scalar_decoder(event_storage& storage, std::vector<validation_frame>& frames, const decode_limits& limits,
                 const json_input& in) noexcept
      : member_decoders(frames, limits.max_depth, in), storage_(storage), limits_(limits) {}

 protected:
  using member_decoders::decode;

  void add_finding(const path_segment& path, std::string_view expected, json_kind got, std::string_view raw,
                   field_issue issue) {
    finding& f = storage_.findings.emplace_back();
    fixed_writer out(access::path(f).data(), access::path(f).size());
    write_path(out, &path);
    access::path_size(f) = static_cast<std::uint8_t>(out.size());
    access::expected(f) = expected;
    access::got(f) = got;
    access::raw(f) = raw;
    access::issue(f) = issue;
  }

  /// A member arrived with a JSON type other than the schema's: `null` makes it null;
  /// anything else is validated, and the member becomes invalid with a finding.
  template <class Member>
  bool mismatch(Member& member, od::value& v, const path_segment& path, std::string_view expected) noexcept {
    bool is_null = false;
    if (auto e = v.is_null().get(is_null)) {
      return fail_json(e == simdjson::INCORRECT_TYPE ? simdjson::N_ATOM_ERROR : e, &path);
    }
    if (is_null) {
      access::state(member) = presence::null;
      return true;
    }
    json_kind got{};
    std::string_view raw;
    if (!validate_value(v, path, got, raw)) { return false; }
    access::state(member) = presence::invalid;
    access::issue(member) = field_issue::wrong_type;
    add_finding(path, expected, got, raw, field_issue::wrong_type);
    return true;
  }

  /// A member simdjson could not read: `e` is a JSON error unless the value is grammatical
  /// but outside what the member's C++ type holds (`1e400`, a 21-digit integer, a string
  /// with an escaped lone surrogate). Then the member reads as invalid with a finding
  /// (`out_of_range` for a number, `bad_format` for a string): the delivery is still
  /// JSON, and `strict_fields` rejects it.
  template <class Member>
  [[gnu::cold, gnu::noinline]] bool unrepresentable(Member& member, od::value& v, simdjson::error_code e,
                                                    const path_segment& path, std::string_view expected) noexcept {
    const std::string_view raw = trim_right(v.raw_json_token());
    if (!is_unrepresentable(e, raw)) { return fail_json(e, &path); }
    const bool number = e != simdjson::STRING_ERROR;
    const field_issue issue = number ? field_issue::out_of_range : field_issue::bad_format;
    access::state(member) = presence::invalid;
    access::issue(member) = issue;
    add_finding(path, expected, number ? json_kind::number : json_kind::string, raw, issue);
    return true;
  }

  [[gnu::always_inline]] bool decode(field<std::int64_t>& member, od::value& v, const path_segment& path) noexcept {
    std::int64_t number = 0;
    const auto e = v.get_int64().get(number);
    if (e == simdjson::SUCCESS) {
      access::value(member) = number;
      access::state(member) = presence::present;
      return true;
    }
    od::json_type type{};
    if (auto te = v.type().get(type)) { return fail_json(te, &path); }
    if (type != od::json_type::number) { return mismatch(member, v, path, "integer"); }
    // A grammatical JSON number that is not a 64-bit integer (1.5, 1e3, 2^63, 1e400, 21
    // digits) reads as out of range; a malformed one (01, 1.) rejects the document like
    // any bad JSON.
    const std::string_view raw = trim_right(v.raw_json_token());
    od::number parsed;
    if (auto ne = v.get_number().get(parsed); ne && !is_unrepresentable(ne, raw)) { return fail_json(ne, &path); }
    access::state(member) = presence::invalid;
    access::issue(member) = field_issue::out_of_range;
    add_finding(path, "integer", json_kind::number, raw, field_issue::out_of_range);
    return true;
  }

  /// A timestamp that is not in the documented form: the instant when it is unambiguous
  /// ISO 8601 (with a `nonstandard_format` finding, so drift stays visible), else invalid.
  /// Out of line: the documented form never gets here.
  [[gnu::noinline, gnu::cold]] void decode_nonstandard_timestamp(field<timestamp>& member, std::string_view text,
                                                                 od::value& v, const path_segment& path) {
    const std::string_view raw = trim_right(v.raw_json_token());
    if (auto time = parse_iso8601(text)) {
      access::value(member) = timestamp{*time, text};
      access::state(member) = presence::present;
      add_finding(path, "RFC 3339 timestamp string", json_kind::string, raw, field_issue::nonstandard_format);
      return;
    }
    access::value(member) = timestamp{{}, text};
    access::state(member) = presence::invalid;
    access::issue(member) = field_issue::bad_format;
    add_finding(path, "RFC 3339 timestamp string", json_kind::string, raw, field_issue::bad_format);
  }

  bool decode(json_value& member, od::value& v, const path_segment& path) noexcept {
    json_kind kind{};
    std::string_view raw;
    std::string_view text;
    od::json_type type{};
    if (auto e = v.type().get(type)) { return fail_json(e, &path); }
    if (type == od::json_type::string) {
      raw = trim_right(v.raw_json_token());
      // An escaped lone surrogate is grammatical JSON: the value keeps its raw JSON and
      // has no text (`as_string()` is empty then).
      if (auto e = v.get_string().get(text)) {
        if (!is_unrepresentable(e, raw)) { return fail_json(e, &path); }
        text = {};
      }
      kind = json_kind::string;
    } else if (!validate_value(v, path, kind, raw)) {
      return false;
    }
    access::kind(member) = kind;
    access::raw(member) = raw;
    access::text(member) = text;
    return true;
  }

  event_storage& storage_;
  decode_limits limits_;
};

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_SCALAR_DECODERS_HPP
