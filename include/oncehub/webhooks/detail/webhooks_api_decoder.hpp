// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind webhooks_api.hpp, the answer side: `api_parser` and the decoder of
/// the Webhooks API's responses, over the same JSON core as the delivery decoder (input,
/// errors, validator, member decoders); its policy is strict where that one is lenient.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_WEBHOOKS_API_DECODER_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_WEBHOOKS_API_DECODER_HPP

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/detail/json_input.hpp"
#include "oncehub/webhooks/detail/json_validator.hpp"
#include "oncehub/webhooks/detail/scalar_decoders.hpp"
#include "oncehub/webhooks/detail/schema.hpp"
#include "oncehub/webhooks/detail/timestamp.hpp"
#include "oncehub/webhooks/detail/webhooks_api_schema.hpp"
#include "oncehub/webhooks/detail/what_arrived.hpp"
#include "oncehub/webhooks/webhooks_api.hpp"

namespace oncehub::webhooks::inline v0 {

namespace detail {

/// The arenas behind the lists of one API response.
struct api_storage {
  std::vector<subscribed_event> events;
  std::vector<webhook> webhooks;
  void clear() noexcept {
    events.clear();
    webhooks.clear();
  }
};

/// Decodes one API response. Strict about JSON types where the delivery decoder is lenient
/// (a member of the wrong type fails the answer): an API client should not act on an
/// answer it misreads, and nothing retries it for days.
class api_decoder : public member_decoders<api_decoder> {
  friend class member_decoders<api_decoder>;  // calls the policy's hooks

 public:
  api_decoder(api_storage& storage, std::vector<validation_frame>& frames, const json_input& in) noexcept
      : member_decoders(frames, api_parser::max_depth, in), storage_(storage) {}

  /// Decodes the whole document as a `T`: an object, then nothing but whitespace. A root
  /// of another kind is read whole before it is typed, so a body that is not JSON (`tru`,
  /// `[1,`, `1x`) gets its JSON error, never `wrong_type`; a schema error found before
  /// the whole body was read is reported only for a body that is JSON (issue 12, item 6).
  template <class T>
  bool document(od::document& doc, T& out) noexcept {
    if (decode_document(doc, out)) { return true; }
    prefer_json_error(doc);
    return false;
  }

 private:
  template <class T>
  bool decode_document(od::document& doc, T& out) noexcept {
    doc_ = &doc;
    od::json_type type{};
    if (auto e = doc.type().get(type)) { return fail_json(e, nullptr); }
    if (type != od::json_type::object) {
      bool first_is_object = false;
      if (!read_other_root(doc, type, first_is_object)) { return false; }
      return fail_type(nullptr, json_kind::object, to_kind(type));
    }
    od::object object;
    if (!open_root(doc, object)) { return false; }
    if (!decode_members(object, out, nullptr)) { return false; }
    return at_end(doc);
  }

  // --- the strict policy's hooks (see `member_decoders`) ----------------------------

  /// The JSON kind a member is sent as, which a `wrong_type` error names.
  static constexpr json_kind sent_as(const field<bool>* /*member*/) noexcept { return json_kind::boolean; }
  template <class T>
  static constexpr json_kind sent_as(const field<list<T>>* /*member*/) noexcept {
    return json_kind::array;
  }
  template <class T>
  static constexpr json_kind sent_as(const field<T>* /*member*/) noexcept {
    return json_kind::string;  // strings, open enums, timestamps
  }

  /// `v` is not of the kind `member` is sent as: `null` is accepted (the member reads as
  /// null), anything else is a `wrong_type` error.
  template <class Member>
  bool mismatch(Member& member, od::value& v, const path_segment& path, std::string_view /*expected*/) noexcept {
    od::json_type type{};
    if (auto e = v.type().get(type)) { return fail_json(e, &path); }
    if (type == od::json_type::null) {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) { return fail_json(e, &path); }
      if (!is_null) { return fail_json(simdjson::N_ATOM_ERROR, &path); }
      access::state(member) = presence::null;
      return true;
    }
    return fail_type(&path, sent_as(&member), to_kind(type));
  }

  /// simdjson could not read a string: a JSON error, or an escaped lone surrogate, which
  /// is grammatical JSON but no text.
  template <class Member>
  bool unrepresentable(Member& /*member*/, od::value& v, simdjson::error_code e, const path_segment& path,
                       std::string_view /*expected*/) noexcept {
    if (!is_unrepresentable(e, trim_right(v.raw_json_token()))) { return fail_json(e, &path); }
    return fail_message(errc::invalid_value, &path,
                        "the value is not Unicode text: it holds an escaped lone surrogate");
  }

  /// A time in another format is kept as text and reads as invalid: nothing an API
  /// client decides depends on it, so it does not cost the caller the whole answer.
  static void decode_nonstandard_timestamp(field<timestamp>& member, std::string_view text, od::value& /*v*/,
                                           const path_segment& /*path*/) noexcept {
    access::value(member) = timestamp{{}, text};
    access::state(member) = presence::invalid;
    access::issue(member) = field_issue::bad_format;
  }

  bool validate(od::value& v, const path_segment& path) noexcept {
    json_kind kind{};
    std::string_view raw;
    return validate_value(v, path, kind, raw);
  }

  // --- values ----------------------------------------------------------------------

  using member_decoders::decode;

  bool decode(field<list<subscribed_event>>& member, od::value& v, const path_segment& path) noexcept {
    return decode_list(member, v, path, storage_.events, [&](od::value& element, const path_segment& at) {
      field<std::string_view> text;
      if (!decode(text, element, at)) { return false; }
      if (!text) { return fail_type(&at, json_kind::string, json_kind::null); }
      storage_.events.emplace_back(*text);
      return true;
    });
  }

  bool decode(field<list<webhook>>& member, od::value& v, const path_segment& path) noexcept {
    // Each webhook is decoded into a local and then appended: decoding one appends only
    // to the events arena, so the webhooks of this array stay contiguous.
    return decode_list(member, v, path, storage_.webhooks, [&](od::value& element, const path_segment& at) {
      od::object object;
      const auto e = element.get_object().get(object);
      if (e == simdjson::INCORRECT_TYPE) {
        od::json_type type{};
        if (auto te = element.type().get(type)) { return fail_json(te, &at); }
        return fail_type(&at, json_kind::object, to_kind(type));
      }
      if (e != simdjson::SUCCESS) { return fail_json(e, &at); }
      webhook item{};
      if (!decode_members(object, item, &at)) { return false; }
      storage_.webhooks.push_back(item);
      return true;
    });
  }

  /// An array whose elements `append` decodes onto the end of `arena`; `null` reads as
  /// null, another kind is `wrong_type`.
  template <class T, class Append>
  bool decode_list(field<list<T>>& member, od::value& v, const path_segment& path, const std::vector<T>& arena,
                   Append&& append) noexcept {
    od::array array;
    const auto e = v.get_array().get(array);
    if (e == simdjson::INCORRECT_TYPE) { return mismatch(member, v, path, "array"); }
    if (e != simdjson::SUCCESS) { return fail_json(e, &path); }
    const std::size_t first = arena.size();
    if (!each_element(array, path, append)) { return false; }
    set_list(member, arena, first);
    return true;
  }

  template <class T>
  static void set_list(field<list<T>>& member, const std::vector<T>& arena, std::size_t first) noexcept {
    list<T>& out = access::value(member);
    access::arena(out) = &arena;
    access::first(out) = static_cast<std::uint32_t>(first);
    access::size(out) = static_cast<std::uint32_t>(arena.size() - first);
    access::state(member) = presence::present;
  }

  // --- objects ---------------------------------------------------------------------

  /// Decodes an object over `schema<T>`'s key table, iterating it once: each member at
  /// most once (a second occurrence is `duplicate_field`), other keys validated and
  /// ignored (forward compatibility), then `object` checked against the discriminator.
  template <class T>
  bool decode_members(od::object& object, T& out, const path_segment* path) noexcept {
    static constexpr auto& keys = key_table_v<T>;
    static_assert(member_count_v<T> < 64, "the duplicate-key mask holds 63 members and the wrapper");
    if (!enter(path)) { return false; }
    std::uint64_t seen = 0;
    for (auto field_result : object) {
      // By reference: g++ 12 copies the field through the stack and then stalls on
      // store-to-load forwarding (bench/notes/gcc-vs-clang.md, change A).
      if (auto e = field_result.error()) { return fail_json(e, path); }
      od::field& f = field_result.value_unsafe();
      std::string_view key;
      std::uint8_t index = no_key;
      if (!read_key(f, &keys, key, index, path)) { return false; }
      const path_segment child{path, key, 0};
      std::uint64_t bit = 0;
      if (index != no_key) {
        bit = std::uint64_t{1} << index;
      } else if constexpr (has_wrapper<T>) {
        if (key == schema<T>::wrapper) { bit = std::uint64_t{1} << 63; }
      }
      if (bit == 0) {
        if (!validate(f.value(), child)) { return false; }
        continue;
      }
      if (seen & bit) {
        return fail_message(errc::duplicate_field, &child,
                            "the key appears more than once, so the response is ambiguous");
      }
      seen |= bit;
      if (index == no_key) {
        if (!unwrap(out, f.value(), child)) { return false; }
      } else if (!decode_at(index, out, f.value(), child, std::make_index_sequence<member_count_v<T>>{})) {
        return false;
      }
    }
    leave();
    if constexpr (has_discriminator<T>) {
      // `object` names what the API returned; another value means the wrong endpoint or
      // a misconfigured base URL, so the response is refused.
      constexpr std::string_view literal = schema<T>::discriminator;  // with its quotes
      constexpr std::string_view expected = literal.substr(1, literal.size() - 2);
      if (out.object && *out.object != expected) {
        const path_segment at{path, "object", 0};
        return fail_message(errc::invalid_value, &at, "expected \"", expected, "\", got \"", *out.object, "\"");
      }
    }
    return true;
  }

  template <class T, std::size_t... I>
  bool decode_at(std::size_t index, T& out, od::value& v, const path_segment& at,
                 std::index_sequence<I...> /*members*/) noexcept {
    bool ok = true;
    static_cast<void>(
        ((index == I ? (ok = decode(out.*(std::get<I>(schema<T>::members).pointer), v, at), true) : false) || ...));
    return ok;
  }

  /// The members of `T` wrapped in an object under `schema<T>::wrapper`; a value of
  /// another kind there is validated and ignored.
  template <class T>
  bool unwrap(T& out, od::value& v, const path_segment& at) noexcept {
    if constexpr (has_wrapper<T>) {
      od::object inner;
      if (v.get_object().get(inner) != simdjson::SUCCESS) { return validate(v, at); }
      return decode_members(inner, out, &at);
    } else {
      return validate(v, at);
    }
  }

  api_storage& storage_;
};

}  // namespace detail

struct api_parser::state {
  simdjson::ondemand::parser json;
  detail::api_storage storage;
  std::vector<detail::validation_frame> frames;  // the validator's explicit stack
  detail::padded_copy copy;                      // of the body

  state() { frames.reserve(api_parser::max_depth + 1); }

  /// Copies `body` into the padded buffer and decodes it as a `T`.
  template <class T>
  result<T> decode(std::string_view body) {
    storage.clear();
    if (auto refused = detail::check_body_size(body.size(), max_body_size)) { return *refused; }
    const auto padded = copy.assign(body);
    if (!padded) { return error(errc::out_of_memory); }
    // No byte order mark is skipped: the API sends none, and one would say the answer
    // did not come from it.
    const detail::json_input in = detail::frame_json(*padded, false);
    detail::api_decoder decoder(storage, frames, in);
    simdjson::ondemand::document doc;
    // A body that is not JSON is named as the delivery parser names it (an HTML error
    // page from a proxy, compressed or UTF-16 bytes, a form): one error path, one errc.
    if (auto e = json.iterate(in.json()).get(doc)) {
      decoder.fail_iterate(e);
      return detail::name_what_arrived(decoder.failure(), in.body(), in.skip);
    }
    T out{};
    if (!decoder.document(doc, out)) {
      const error& failure = decoder.failure();
      if (detail::is_json_errc(failure.code())) { return detail::name_what_arrived(failure, in.body(), in.skip); }
      return failure;
    }
    return out;
  }
};

inline api_parser::api_parser() : state_(std::make_unique<state>()) {}
inline api_parser::~api_parser() = default;
inline api_parser::api_parser(api_parser&&) noexcept = default;
inline api_parser& api_parser::operator=(api_parser&&) noexcept = default;

namespace detail {
constexpr bool is_success_status(int http_status) noexcept { return http_status >= 200 && http_status <= 299; }
}  // namespace detail

inline result<webhook> api_parser::parse_webhook(int http_status, std::string_view body) & {
  if (!detail::is_success_status(http_status)) { return parse_error(http_status, body).to_error(); }
  return state_->decode<webhook>(body);
}

inline result<webhook_list> api_parser::parse_webhook_list(int http_status, std::string_view body) & {
  if (!detail::is_success_status(http_status)) { return parse_error(http_status, body).to_error(); }
  return state_->decode<webhook_list>(body);
}

inline result<deleted_webhook> api_parser::parse_deleted_webhook(int http_status, std::string_view body) & {
  if (!detail::is_success_status(http_status)) { return parse_error(http_status, body).to_error(); }
  return state_->decode<deleted_webhook>(body);
}

inline api_error api_parser::parse_error(int http_status, std::string_view body) & {
  auto decoded = state_->decode<api_error>(body);
  // A body that is not an error object says nothing: every field stays absent.
  api_error out = decoded ? *decoded : api_error{};
  out.http_status = http_status;
  out.code = errc_of_http_status(http_status, out.type ? out.type->value() : api_error_type::unknown);
  // The view points at the parser's copy, which `decode` made unless the body was too
  // large or could not be copied.
  const bool copied = body.size() <= max_body_size && state_->copy.data != nullptr;
  out.body = copied ? std::string_view(state_->copy.data.get(), body.size()) : std::string_view{};
  return out;
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_WEBHOOKS_API_DECODER_HPP
