// SPDX-License-Identifier: MIT
/// @file
/// A compile-time perfect hash from JSON key to member index, one per payload object.
///
/// Why: the decoder iterates each object once, in document order, and must map every key
/// to a member. A chain of string compares costs up to one compare per member; this costs
/// a few word loads, one multiply, one table load and word compares, whatever the key order
/// (so shuffled keys have no cliff). The hash mixes the key's length, first 16 bytes and
/// last 8; a seed without collisions is searched at compile time and `static_assert`ed, so
/// adding a key that collides fails the build instead of misrouting a field.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_KEY_TABLE_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_KEY_TABLE_HPP

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace oncehub::webhooks::inline v0::detail {

inline constexpr std::uint8_t no_key = 0xFF;

/// Whether two keys of the same length `n` are equal: word-sized loads instead of a
/// memcmp call (keys are short; this runs once per JSON field).
[[gnu::always_inline]] inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  if (n >= 8) {
    std::uint64_t x = 0, y = 0;
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) { return false; }
    }
    // The last, possibly overlapping, word.
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return x == y;
  }
  if (n >= 4) {
    std::uint32_t x = 0, y = 0, z = 0, w = 0;
    std::memcpy(&x, a, 4);
    std::memcpy(&y, b, 4);
    std::memcpy(&z, a + n - 4, 4);
    std::memcpy(&w, b + n - 4, 4);
    return x == y && z == w;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) { return false; }
  }
  return true;
}

/// The result of scanning a JSON key in the input for its closing quote.
struct raw_key_scan {
  std::size_t size;  ///< bytes before the first `"` or `\`
  bool escaped;      ///< a `\` came first: the key has escapes and needs unescaping
};

/// Finds where a key ends: the first `"` or `\` from `key` on, eight bytes at a time.
///
/// Why: the decoder needs every key's length to look it up, and simdjson 3.0.1 exposes a
/// key only as a pointer. Reading past the key is safe: simdjson requires
/// SIMDJSON_PADDING (64) readable bytes after the document, and a key is followed by at
/// least `":` and a value inside it. Precondition: `key` points into such a buffer.
[[gnu::always_inline]] inline raw_key_scan scan_key(const char* key) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    for (std::size_t offset = 0;; offset += 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, key + offset, 8);
      // A zero byte in (word ^ c) marks a byte equal to c; the lowest marker is exact.
      const std::uint64_t quote = word ^ (ones * '"');
      const std::uint64_t slash = word ^ (ones * '\\');
      const std::uint64_t hits = ((quote - ones) & ~quote & highs) | ((slash - ones) & ~slash & highs);
      if (hits != 0) {
        const std::size_t at = offset + static_cast<std::size_t>(std::countr_zero(hits)) / 8;
        return {at, key[at] == '\\'};
      }
    }
  } else {
    std::size_t at = 0;
    while (key[at] != '"' && key[at] != '\\') { ++at; }
    return {at, key[at] == '\\'};
  }
}

/// What the hash sees of a key: its length, its first 16 bytes (zero-padded) and, for
/// keys longer than 16 bytes, its last 8. Computable at compile time from a literal and at
/// run time from the input with three loads.
struct key_signature {
  std::uint64_t head = 0;    // bytes 0..7
  std::uint64_t middle = 0;  // bytes 8..15
  std::uint64_t tail = 0;    // the last 8 bytes, when size > 16
  std::size_t size = 0;
};

constexpr std::uint64_t little_endian_word(std::string_view text, std::size_t at, std::size_t count) noexcept {
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < count && at + i < text.size(); ++i) {
    word |= static_cast<std::uint64_t>(static_cast<unsigned char>(text[at + i])) << (8 * i);
  }
  return word;
}

constexpr key_signature signature_of(std::string_view key) noexcept {
  key_signature s;
  s.size = key.size();
  s.head = little_endian_word(key, 0, key.size() < 8 ? key.size() : 8);
  s.middle = key.size() > 8 ? little_endian_word(key, 8, key.size() < 16 ? key.size() - 8 : 8) : 0;
  s.tail = key.size() > 16 ? little_endian_word(key, key.size() - 8, 8) : 0;
  return s;
}

[[gnu::always_inline]] constexpr std::uint64_t signature_mix(const key_signature& s) noexcept {
  return s.head ^ ((s.middle << 29) | (s.middle >> 35)) ^ ((s.tail << 17) | (s.tail >> 47)) ^
         (static_cast<std::uint64_t>(s.size) * 0x9E3779B97F4A7C15ull);
}

template <std::size_t N>
struct key_table {
  static_assert(N > 0 && N < 128, "a key table holds 1..127 keys");
  static constexpr unsigned bits = N <= 8 ? 4 : N <= 16 ? 5 : N <= 32 ? 6 : N <= 64 ? 7 : 8;
  static constexpr std::size_t slot_count = std::size_t{1} << bits;

  struct entry {
    key_signature signature{};
    std::uint8_t index = no_key;
  };

  /// A key followed by its closing quote, as the words `is_key_at` compares: the first
  /// 8 bytes (masked when shorter) and the last 8 (overlapping the first when the key is
  /// 8 to 15 bytes long).
  struct expected_key {
    std::uint64_t head = 0;
    std::uint64_t head_mask = 0;
    std::uint64_t tail = 0;
    std::uint32_t tail_at = 0;  // where `tail` starts: size + 1 - 8, or 0 when unused
    std::uint32_t size = 0;     // key bytes, without the quote
  };

  std::array<std::string_view, N> keys{};
  std::array<entry, slot_count> slots{};
  std::array<expected_key, N> expected{};
  std::uint64_t seed = 0;

  [[nodiscard]] [[gnu::always_inline]] constexpr std::size_t slot_of(const key_signature& s) const noexcept {
    return static_cast<std::size_t>((signature_mix(s) * seed) >> (64 - bits));
  }

  [[nodiscard]] [[gnu::always_inline]] constexpr std::uint8_t match(const key_signature& s,
                                                                    const char* bytes) const noexcept {
    const entry& e = slots[slot_of(s)];
    if (e.index == no_key || e.signature.size != s.size || e.signature.head != s.head ||
        e.signature.middle != s.middle || e.signature.tail != s.tail) {
      return no_key;
    }
    // Longer than 24 bytes: the bytes between the middle word and the tail still count.
    if (s.size > 24) {
      const std::string_view known = keys[e.index];
      if (std::is_constant_evaluated()) {
        for (std::size_t i = 16; i < s.size - 8; ++i) {
          if (known[i] != bytes[i]) { return no_key; }
        }
      } else if (!same_bytes(known.data() + 16, bytes + 16, s.size - 24)) {
        return no_key;
      }
    }
    return e.index;
  }

  /// Whether the key at `raw` is key `index`: its bytes, then the closing quote. The
  /// decoder tries this first with the member that follows the previous one, because
  /// OnceHub sends keys in schema order; a wrong guess costs one compare, then the hash.
  ///
  /// Why words: the key and its quote are compared as one or two 8-byte words (three,
  /// or a short loop, past 24 bytes) against constants prepared with the table, instead
  /// of a length-dependent byte compare plus a quote check. Reading up to 8 bytes past
  /// the key is safe for the reason given at `find_raw`.
  [[nodiscard]] [[gnu::always_inline]] bool is_key_at(std::uint8_t index, const char* raw) const noexcept {
    if constexpr (std::endian::native != std::endian::little) {
      // The prepared words are little-endian.
      const std::string_view known = keys[index];
      return raw[known.size()] == '"' && same_bytes(known.data(), raw, known.size());
    }
    const expected_key& k = expected[index];
    std::uint64_t word = 0;
    std::memcpy(&word, raw, 8);
    if ((word & k.head_mask) != k.head) { return false; }
    if (k.tail_at == 0) { return true; }  // key and quote fit in the first word
    std::memcpy(&word, raw + k.tail_at, 8);
    if (word != k.tail) { return false; }
    // Key and quote longer than 16 bytes: bytes 8 .. size - 8 lie between the two words.
    if (k.size + 1 > 16) [[unlikely]] { return same_bytes(keys[index].data() + 8, raw + 8, k.size + 1 - 16); }
    return true;
  }

  /// The member index of `key` (unescaped text), or `no_key`.
  [[nodiscard]] constexpr std::uint8_t find(std::string_view key) const noexcept {
    return match(signature_of(key), key.data());
  }

  /// The member index of the key that starts at `raw` in a simdjson input (just after
  /// its opening quote), or `no_key`; sets `size` to the key's length in bytes, or marks
  /// it `escaped` (then the key must be unescaped and looked up with `find`).
  ///
  /// Why not scan then `find`: one pass over at most the first 16 bytes, in 8-byte words,
  /// finds the closing quote and builds the signature from the same loads. Reading past
  /// the key is safe: simdjson requires SIMDJSON_PADDING (64) readable bytes after the
  /// document, and a key is followed by at least `":` and a value inside it.
  [[nodiscard]] [[gnu::always_inline]] std::uint8_t find_raw(const char* raw, std::size_t& size,
                                                             bool& escaped) const noexcept {
    if constexpr (std::endian::native != std::endian::little) {
      const raw_key_scan scan = scan_key(raw);
      size = scan.size;
      escaped = scan.escaped;
      return escaped ? no_key : find(std::string_view(raw, size));
    } else {
      constexpr std::uint64_t ones = 0x0101010101010101ull;
      constexpr std::uint64_t highs = 0x8080808080808080ull;
      const auto marks = [](std::uint64_t word) {
        const std::uint64_t quote = word ^ (ones * '"');
        const std::uint64_t slash = word ^ (ones * '\\');
        return ((quote - ones) & ~quote & highs) | ((slash - ones) & ~slash & highs);
      };
      const auto low_bytes = [](std::size_t n) {
        return n == 0 ? std::uint64_t{0} : ~std::uint64_t{0} >> (64 - 8 * n);
      };
      key_signature s;
      std::memcpy(&s.head, raw, 8);
      if (const std::uint64_t hits = marks(s.head)) {
        s.size = static_cast<std::size_t>(std::countr_zero(hits)) / 8;
        s.head &= low_bytes(s.size);
      } else {
        std::memcpy(&s.middle, raw + 8, 8);
        if (const std::uint64_t more = marks(s.middle)) {
          s.size = 8 + static_cast<std::size_t>(std::countr_zero(more)) / 8;
          s.middle &= low_bytes(s.size - 8);
        } else {
          s.size = 16 + scan_key(raw + 16).size;
          // Exactly 16 bytes: head and middle hold the whole key, and the tail stays 0.
          if (s.size > 16) { std::memcpy(&s.tail, raw + s.size - 8, 8); }
        }
      }
      size = s.size;
      escaped = raw[s.size] == '\\';
      return escaped ? no_key : match(s, raw);
    }
  }
};

/// Builds the table for `keys`; `seed` stays 0 when no perfect seed exists (checked by
/// the caller's `static_assert`).
template <std::size_t N>
constexpr key_table<N> make_key_table(const std::array<std::string_view, N>& keys) noexcept {
  key_table<N> table{};
  table.keys = keys;
  for (std::size_t i = 0; i < N; ++i) {
    // The key followed by its closing quote, read as little-endian words.
    const std::size_t size = keys[i].size();
    const auto byte_at = [&](std::size_t at) -> std::uint64_t {
      return at < size ? static_cast<unsigned char>(keys[i][at]) : at == size ? std::uint64_t{'"'} : 0;
    };
    const auto word_at = [&](std::size_t at) {
      std::uint64_t word = 0;
      for (std::size_t b = 0; b < 8; ++b) { word |= byte_at(at + b) << (8 * b); }
      return word;
    };
    auto& k = table.expected[i];
    k.size = static_cast<std::uint32_t>(size);
    k.head_mask = size + 1 >= 8 ? ~std::uint64_t{0} : ~std::uint64_t{0} >> (64 - 8 * (size + 1));
    k.head = word_at(0) & k.head_mask;
    k.tail_at = size + 1 > 8 ? static_cast<std::uint32_t>(size + 1 - 8) : 0;
    k.tail = k.tail_at != 0 ? word_at(k.tail_at) : 0;
  }
  // Signatures and mixes once; then each candidate seed costs one multiply per key (clang
  // bounds constant evaluation at about a million steps).
  std::array<key_signature, N> signatures{};
  std::array<std::uint64_t, N> mixes{};
  for (std::size_t i = 0; i < N; ++i) {
    signatures[i] = signature_of(keys[i]);
    mixes[i] = signature_mix(signatures[i]);
  }
  // Odd multipliers spread over the 64-bit range; a few hundred tries suffice in practice.
  std::uint64_t candidate = 0x9E3779B97F4A7C15ull;
  for (int attempt = 0; attempt < 20000; ++attempt, candidate += 0x6A09E667F3BCC908ull) {
    std::array<bool, key_table<N>::slot_count> used{};
    bool collision = false;
    for (std::size_t i = 0; i < N && !collision; ++i) {
      const auto slot = static_cast<std::size_t>((mixes[i] * candidate) >> (64 - key_table<N>::bits));
      collision = used[slot];
      used[slot] = true;
    }
    if (collision) { continue; }
    table.seed = candidate;
    for (std::size_t i = 0; i < N; ++i) {
      table.slots[table.slot_of(signatures[i])] = {signatures[i], static_cast<std::uint8_t>(i)};
    }
    return table;
  }
  table.seed = 0;
  return table;
}

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_KEY_TABLE_HPP
