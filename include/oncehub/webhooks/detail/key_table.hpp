// SPDX-License-Identifier: MIT
/// @file
/// A compile-time perfect hash from JSON key to member index, one per payload object.
///
/// Why: the decoder iterates each object once, in document order, and must map every key
/// to a member. A chain of string compares costs up to one compare per member; this costs
/// one multiply, one table load and one compare, whatever the key order (so shuffled keys
/// have no cliff). The hash mixes the length and five of its bytes (first, second, middle, last two); a seed
/// without collisions is searched at compile time and `static_assert`ed, so adding a key
/// that collides fails the build instead of misrouting a field.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_KEY_TABLE_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_KEY_TABLE_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace oncehub::webhooks::detail {

inline constexpr std::uint8_t no_key = 0xFF;

constexpr std::uint64_t key_mix(std::string_view key) noexcept {
  // Keys shorter than 2 bytes never match (every schema key is longer); callers check.
  const auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(key[i])); };
  return (static_cast<std::uint64_t>(key.size()) << 40) ^ (byte(0) << 32) ^ (byte(1) << 24) ^
         (byte(key.size() / 2) << 16) ^ (byte(key.size() - 2) << 8) ^ byte(key.size() - 1);
}

template <std::size_t N>
struct key_table {
  static_assert(N > 0 && N < 128, "a key table holds 1..127 keys");
  static constexpr unsigned bits = N <= 8 ? 4 : N <= 16 ? 5 : N <= 32 ? 6 : N <= 64 ? 7 : 8;
  static constexpr std::size_t slot_count = std::size_t{1} << bits;

  std::array<std::string_view, N> keys{};
  std::array<std::uint8_t, slot_count> slots{};
  std::uint64_t seed = 0;

  [[nodiscard]] constexpr std::size_t slot_of(std::string_view key) const noexcept {
    return static_cast<std::size_t>((key_mix(key) * seed) >> (64 - bits));
  }

  /// The member index of `key`, or `no_key`.
  [[nodiscard]] constexpr std::uint8_t find(std::string_view key) const noexcept {
    if (key.size() < 2) { return no_key; }
    const std::uint8_t index = slots[slot_of(key)];
    if (index == no_key || keys[index] != key) { return no_key; }
    return index;
  }
};

/// Builds the table for `keys`; `seed` stays 0 when no perfect seed exists (checked by
/// the caller's `static_assert`).
template <std::size_t N>
constexpr key_table<N> make_key_table(const std::array<std::string_view, N>& keys) noexcept {
  key_table<N> table{};
  table.keys = keys;
  for (std::string_view k : keys) {
    if (k.size() < 2) { return table; }
  }
  // Odd multipliers spread over the 64-bit range; a few hundred tries suffice in practice.
  std::uint64_t candidate = 0x9E3779B97F4A7C15ull;
  for (int attempt = 0; attempt < 20000; ++attempt, candidate += 0x6A09E667F3BCC908ull) {
    table.seed = candidate;
    for (auto& s : table.slots) { s = no_key; }
    bool collision = false;
    for (std::size_t i = 0; i < N && !collision; ++i) {
      auto& slot = table.slots[table.slot_of(keys[i])];
      if (slot != no_key) {
        collision = true;
      } else {
        slot = static_cast<std::uint8_t>(i);
      }
    }
    if (!collision) { return table; }
  }
  table.seed = 0;
  return table;
}

}  // namespace oncehub::webhooks::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_KEY_TABLE_HPP
