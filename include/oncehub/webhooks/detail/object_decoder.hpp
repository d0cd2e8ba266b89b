// SPDX-License-Identifier: MIT
/// @file
/// The delivery decoder's object decoding: every object is iterated once, in document
/// order, and each key is mapped to a member through the schema's perfect hash
/// (`key_table.hpp`, `schema.hpp`). Field lookups by name would be order-sensitive
/// (`find_field`) or quadratic on shuffled keys (`find_field_unordered`, a measured 16x
/// cliff). Also lists, references (an ID or the expanded object) and objects sent as
/// arrays.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_OBJECT_DECODER_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_OBJECT_DECODER_HPP

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/detail/key_table.hpp"
#include "oncehub/webhooks/detail/scalar_decoders.hpp"
#include "oncehub/webhooks/detail/schema.hpp"

namespace oncehub::webhooks::inline v0::detail {

/// Decodes objects and lists over the schema tables, and scalars through its base.
class object_decoder : public scalar_decoder {
 public:
  using scalar_decoder::scalar_decoder;

 protected:
  using scalar_decoder::decode;

  template <class T>
    requires has_schema<T>
  bool decode(field<T>& member, od::value& v, const path_segment& path) noexcept {
    od::object object;
    const auto e = v.get_object().get(object);
    if (e == simdjson::SUCCESS) {
      if (!decode_object(object, access::value(member), path)) { return false; }
      access::state(member) = presence::present;
      return true;
    }
    if (e != simdjson::INCORRECT_TYPE) { return fail_json(e, &path); }
    if constexpr (accepts_array_v<T>) {
      od::array array;
      if (v.get_array().get(array) == simdjson::SUCCESS) { return decode_array_of_objects(member, array, path); }
      // A duplicate key may have set it: this value is no array.
      access::value(member).from_array = false;
    }
    return mismatch(member, v, path, "object");
  }

  /// An object sent as an array (SPEC 3.2 #17). Nothing is invented and nothing dropped
  /// silently: `[]` reads as absent (no object was sent); a first element that is an
  /// object is decoded exactly as the object form would be, at path `[0]`; a first element
  /// of any other kind (`null` included) makes the field invalid with a `wrong_type`
  /// finding at `[0]`; every further element is an `extra_element` finding at its index.
  /// `from_array` is set in every case, so `to_json` prints the array that arrived.
  template <class T>
  bool decode_array_of_objects(field<T>& member, od::array& array, const path_segment& path) noexcept {
    if (!enter(&path)) { return false; }
    T& target = access::value(member);
    reset(target);
    std::size_t index = 0;
    bool decoded = false;
    for (auto element_result : array) {
      od::value element;
      if (auto e = std::move(element_result).get(element)) { return fail_json(e, &path); }
      const path_segment child{&path, {}, index};
      if (index++ == 0) {
        od::object object;
        const auto oe = element.get_object().get(object);
        if (oe == simdjson::SUCCESS) {
          if (!decode_object(object, target, child)) { return false; }
          decoded = true;
          continue;
        }
        if (oe != simdjson::INCORRECT_TYPE) { return fail_json(oe, &child); }
      }
      json_kind got{};
      std::string_view raw;
      if (!validate_value(element, child, got, raw)) { return false; }
      if (index == 1) {
        add_finding(child, "object", got, raw, field_issue::wrong_type);
      } else {
        add_finding(child, "no element after the first", got, raw, field_issue::extra_element);
      }
    }
    leave();
    target.from_array = true;  // after decode_object, whose reset clears it
    if (decoded) {
      access::state(member) = presence::present;
    } else if (index == 0) {
      access::state(member) = presence::absent;
    } else {
      access::state(member) = presence::invalid;
      access::issue(member) = field_issue::wrong_type;
    }
    return true;
  }

  template <class T>
  bool decode(ref<T>& member, od::value& v, const path_segment& path) noexcept {
    od::json_type type{};
    if (auto e = v.type().get(type)) { return fail_json(e, &path); }
    if (type == od::json_type::string) {
      std::string_view id;
      if (auto e = v.get_string().get(id)) { return unrepresentable(member, v, e, path, "ID string or object"); }
      access::id(member) = id;
      access::expanded(member) = false;
      access::state(member) = presence::present;
      return true;
    }
    if (type == od::json_type::object) {
      od::object object;
      if (auto e = v.get_object().get(object)) { return fail_json(e, &path); }
      if (!decode_object(object, access::object(member), path)) { return false; }
      access::expanded(member) = true;
      access::state(member) = presence::present;
      return true;
    }
    return mismatch(member, v, path, "ID string or object");
  }

  template <class E>
  bool decode(field<list<E>>& member, od::value& v, const path_segment& path) noexcept {
    od::array array;
    const auto e = v.get_array().get(array);
    if (e == simdjson::INCORRECT_TYPE) { return mismatch(member, v, path, "array"); }
    if (e != simdjson::SUCCESS) { return fail_json(e, &path); }
    if (!enter(&path)) { return false; }
    std::vector<E>& arena = storage_.arena<E>();
    const std::size_t first = arena.size();
    std::size_t index = 0;
    for (auto element_result : array) {
      od::value element;
      if (auto ee = std::move(element_result).get(element)) { return fail_json(ee, &path); }
      const path_segment child{&path, {}, index++};
      // Decoded in place: nothing else appends to this arena while an element decodes
      // (no element type contains a list of its own type), so the reference is stable.
      E& item = arena.emplace_back();
      if (!decode(item, element, child)) { return false; }
    }
    leave();
    list<E>& out = access::value(member);
    access::arena(out) = &arena;
    access::first(out) = static_cast<std::uint32_t>(first);
    access::size(out) = static_cast<std::uint32_t>(arena.size() - first);
    access::state(member) = presence::present;
    return true;
  }

  // --- objects -------------------------------------------------------------------

  /// Marks every member of `target` absent. Only the presence flags are written: a
  /// member's payload is never read unless its flag says present, so clearing a 5 KB
  /// booking costs a few dozen stores, not a memset.
  template <class T>
  static void reset(T& target) noexcept {
    for_each_member<T>([&](const auto& m) {
      auto& member = target.*(m.pointer);
      using M = std::remove_cvref_t<decltype(member)>;
      if constexpr (std::is_same_v<M, json_value>) {
        access::kind(member) = json_kind::none;
        access::raw(member) = {};
        access::text(member) = {};
      } else {
        // issue() reads the issue only when the state says invalid: no need to clear it.
        access::state(member) = presence::absent;
        if constexpr (is_field_v<M>) {
          // `[]` leaves such a field absent with `from_array` set (to_json prints `[]`),
          // so an absent one must not keep the flag of an earlier delivery.
          if constexpr (accepts_array_v<typename M::value_type>) { access::value(member).from_array = false; }
        }
      }
    });
    if constexpr (accepts_array_v<T>) { target.from_array = false; }
  }

  template <class T, std::size_t I>
  [[gnu::always_inline]] bool decode_member(T& target, od::value& v, const path_segment& path) noexcept {
    const auto& m = std::get<I>(schema<T>::members);
    return decode(target.*(m.pointer), v, path);
  }

  /// Decodes member `index` of `T`: a switch, so the compiler emits a jump table and
  /// inlines each member's decoder (a table of function pointers cost two calls a field).
  template <class T>
  [[gnu::always_inline]] bool dispatch(std::uint8_t index, T& target, od::value& v, const path_segment& path) noexcept {
    constexpr std::size_t n = member_count_v<T>;
#define ONCEHUB_WEBHOOKS_CASE(i)                                                              \
  case i:                                                                                     \
    if constexpr ((i) < n) { return decode_member<T, ((i) < n ? (i) : 0)>(target, v, path); } \
    break;
    switch (index) {
      ONCEHUB_WEBHOOKS_CASE(0)
      ONCEHUB_WEBHOOKS_CASE(1)
      ONCEHUB_WEBHOOKS_CASE(2)
      ONCEHUB_WEBHOOKS_CASE(3)
      ONCEHUB_WEBHOOKS_CASE(4)
      ONCEHUB_WEBHOOKS_CASE(5)
      ONCEHUB_WEBHOOKS_CASE(6)
      ONCEHUB_WEBHOOKS_CASE(7)
      ONCEHUB_WEBHOOKS_CASE(8)
      ONCEHUB_WEBHOOKS_CASE(9)
      ONCEHUB_WEBHOOKS_CASE(10)
      ONCEHUB_WEBHOOKS_CASE(11)
      ONCEHUB_WEBHOOKS_CASE(12)
      ONCEHUB_WEBHOOKS_CASE(13)
      ONCEHUB_WEBHOOKS_CASE(14)
      ONCEHUB_WEBHOOKS_CASE(15)
      ONCEHUB_WEBHOOKS_CASE(16)
      ONCEHUB_WEBHOOKS_CASE(17)
      ONCEHUB_WEBHOOKS_CASE(18)
      ONCEHUB_WEBHOOKS_CASE(19)
      ONCEHUB_WEBHOOKS_CASE(20)
      ONCEHUB_WEBHOOKS_CASE(21)
      ONCEHUB_WEBHOOKS_CASE(22)
      ONCEHUB_WEBHOOKS_CASE(23)
      ONCEHUB_WEBHOOKS_CASE(24)
      ONCEHUB_WEBHOOKS_CASE(25)
      ONCEHUB_WEBHOOKS_CASE(26)
      ONCEHUB_WEBHOOKS_CASE(27)
      ONCEHUB_WEBHOOKS_CASE(28)
      ONCEHUB_WEBHOOKS_CASE(29)
      ONCEHUB_WEBHOOKS_CASE(30)
      ONCEHUB_WEBHOOKS_CASE(31)
      ONCEHUB_WEBHOOKS_CASE(32)
      ONCEHUB_WEBHOOKS_CASE(33)
      ONCEHUB_WEBHOOKS_CASE(34)
      ONCEHUB_WEBHOOKS_CASE(35)
      ONCEHUB_WEBHOOKS_CASE(36)
      ONCEHUB_WEBHOOKS_CASE(37)
      ONCEHUB_WEBHOOKS_CASE(38)
      ONCEHUB_WEBHOOKS_CASE(39)
      ONCEHUB_WEBHOOKS_CASE(40)
      ONCEHUB_WEBHOOKS_CASE(41)
      ONCEHUB_WEBHOOKS_CASE(42)
      ONCEHUB_WEBHOOKS_CASE(43)
      ONCEHUB_WEBHOOKS_CASE(44)
      ONCEHUB_WEBHOOKS_CASE(45)
      ONCEHUB_WEBHOOKS_CASE(46)
      ONCEHUB_WEBHOOKS_CASE(47)
      default: break;
    }
#undef ONCEHUB_WEBHOOKS_CASE
    static_assert(n <= 48, "extend the dispatch switch");
    return true;
  }

  /// Decodes a JSON object into `target` by iterating its fields once, in document order.
  template <class T>
  bool decode_object(od::object& object, T& target, const path_segment& path) noexcept {
    static constexpr auto& keys = key_table_v<T>;
    static_assert(member_count_v<T> <= 64, "the duplicate-key mask holds 64 members");
    if (!enter(&path)) { return false; }
    reset(target);
    std::uint64_t seen = 0;
    std::uint8_t expected = 0;  // the member OnceHub's schema order puts next
    for (auto field_result : object) {
      // By reference: g++ 12 copies the field through the stack and then stalls on
      // store-to-load forwarding (bench/notes/gcc-vs-clang.md, change A).
      if (auto e = field_result.error()) { return fail_json(e, &path); }
      od::field& f = field_result.value_unsafe();
      od::value& v = f.value();
      std::string_view key;
      std::uint8_t index = no_key;
      const char* key_begin = f.key().raw();
      if (expected < member_count_v<T> && keys.is_key_at(expected, key_begin)) [[likely]] {
        index = expected;
        key = keys.keys[index];
      } else if (!read_key(f, &keys, key, index, &path)) {
        return false;
      }
      expected = static_cast<std::uint8_t>(index + 1);  // no_key + 1 wraps to 0
      const path_segment child{&path, key, 0};
      if (index == no_key) {
        // Unknown keys are forward-compatible: validated, then ignored.
        json_kind kind{};
        std::string_view raw;
        if (!validate_value(v, child, kind, raw)) { return false; }
        continue;
      }
      const std::uint64_t bit = std::uint64_t{1} << index;
      if (seen & bit) { add_finding(child, "a single occurrence", json_kind::none, {}, field_issue::duplicate_key); }
      seen |= bit;
      if (!dispatch(index, target, v, child)) { return false; }
      if constexpr (has_discriminator<T>) {
        constexpr std::uint8_t object_index = key_table_v<T>.find("object");
        if (index == object_index) { check_discriminator<T>(target.object, v, child); }
      }
    }
    leave();
    return true;
  }

  /// `object` names the object's kind ("booking", "user"); a different value contradicts
  /// the envelope or the schema and is recorded where it occurs.
  template <class T>
  void check_discriminator(const field<std::string_view>& object, od::value& v, const path_segment& path) {
    constexpr std::string_view literal = schema<T>::discriminator;  // with its quotes
    if (!object.has_value() || *object == literal.substr(1, literal.size() - 2)) { return; }
    add_finding(path, literal, json_kind::string, trim_right(v.raw_json_token()), field_issue::unexpected_value);
  }
};

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_OBJECT_DECODER_HPP
