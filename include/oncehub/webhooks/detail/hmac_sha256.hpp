// SPDX-License-Identifier: MIT
/// @file
/// HMAC-SHA256 (RFC 2104) with the key absorbed once: a key's inner and outer SHA-256
/// states, after `key ^ ipad` and `key ^ opad`, are computed when the key is set; each MAC
/// then copies them by value, so it allocates nothing and skips the two key blocks.
///
/// The hashing is OpenSSL's low-level SHA-256 (`SHA256_Init`/`_Update`/`_Final`, on the
/// same SHA-NI / AVX2 assembly its EVP provider runs). Why not EVP: in OpenSSL 3.0 an
/// `EVP_MAC_CTX` costs 12 heap allocations per MAC, and even a reused `EVP_MD_CTX` cannot
/// be restored to a saved state without one (`EVP_MD_CTX_copy_ex` calls the provider's
/// `dupctx`, which allocates). The low-level API is deprecated since OpenSSL 3.0 but built
/// into every 3.x libcrypto (Debian 12 ships 3.0); the suppression of that warning lives
/// in one place below. It is not the FIPS provider: under a FIPS-only policy, use EVP.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_HMAC_SHA256_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_HMAC_SHA256_HPP

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>

#ifdef OPENSSL_NO_DEPRECATED_3_0
#error \
    "oncehub-webhooks' signature.hpp uses OpenSSL's SHA256_* functions (deprecated in 3.0, present in every 3.x libcrypto): do not define OPENSSL_NO_DEPRECATED (with OPENSSL_API_COMPAT >= 30000) where it is included"
#endif

namespace oncehub::webhooks::inline v0::detail {

/// A SHA-256 (and HMAC-SHA256) output.
using digest = std::array<unsigned char, 32>;

// The one place the deprecated SHA-256 API is called: see the file comment for why.
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
inline bool sha256_init(SHA256_CTX& ctx) noexcept { return SHA256_Init(&ctx) == 1; }
inline bool sha256_update(SHA256_CTX& ctx, const void* data, std::size_t size) noexcept {
  return SHA256_Update(&ctx, data, size) == 1;
}
inline bool sha256_final(SHA256_CTX& ctx, unsigned char* out) noexcept { return SHA256_Final(out, &ctx) == 1; }
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif

/// An HMAC-SHA256 key, prepared (RFC 2104 section 2): the SHA-256 states after absorbing
/// `K ^ ipad` and `K ^ opad`, where K is the key, or SHA-256(key) for a key longer than
/// the 64-byte block, padded with zeros. It keeps no copy of the key; the states (which
/// sign as the key does) are wiped with `OPENSSL_cleanse` by `clear()` and on destruction.
/// `mac` is `const` and touches only the stack: one key serves any number of threads.
class hmac_sha256_key {
 public:
  /// No key: `mac` fails.
  hmac_sha256_key() noexcept = default;
  /// The key `key` (any length, 0 included: an empty key is a valid HMAC key).
  explicit hmac_sha256_key(std::string_view key) noexcept { ready_ = prepare(key); }
  hmac_sha256_key(const hmac_sha256_key&) noexcept = default;
  hmac_sha256_key& operator=(const hmac_sha256_key&) noexcept = default;
  ~hmac_sha256_key() { clear(); }

  /// Whether a key is set (and OpenSSL prepared it).
  [[nodiscard]] bool ready() const noexcept { return ready_; }

  /// Forgets the key: the states are wiped.
  void clear() noexcept {
    OPENSSL_cleanse(&inner_, sizeof inner_);
    OPENSSL_cleanse(&outer_, sizeof outer_);
    ready_ = false;
  }

  /// HMAC-SHA256 of the concatenation of `parts` into `out`. False when no key is set or
  /// OpenSSL fails (its SHA-256 does not, for any input); `out` is then unspecified.
  bool mac(std::initializer_list<std::string_view> parts, digest& out) const noexcept {
    if (!ready_) { return false; }
    SHA256_CTX ctx = inner_;  // by value: no allocation, and the key's blocks are not hashed again
    bool ok = true;
    for (std::string_view part : parts) { ok = ok && sha256_update(ctx, part.data(), part.size()); }
    digest inner_digest{};
    ok = ok && sha256_final(ctx, inner_digest.data());
    ctx = outer_;
    ok = ok && sha256_update(ctx, inner_digest.data(), inner_digest.size()) && sha256_final(ctx, out.data());
    // A failure could leave the copied key state on the stack.
    if (!ok) { OPENSSL_cleanse(&ctx, sizeof ctx); }
    return ok;
  }

 private:
  static constexpr std::size_t block_size = 64;  // SHA-256's, in bytes

  bool prepare(std::string_view key) noexcept {
    std::array<unsigned char, block_size> block{};  // K, zero-padded
    bool ok = true;
    if (key.size() > block_size) {
      SHA256_CTX ctx;
      ok = sha256_init(ctx) && sha256_update(ctx, key.data(), key.size()) && sha256_final(ctx, block.data());
      OPENSSL_cleanse(&ctx, sizeof ctx);
    } else {
      for (std::size_t i = 0; i < key.size(); ++i) { block[i] = static_cast<unsigned char>(key[i]); }
    }
    for (unsigned char& b : block) { b ^= 0x36; }  // ipad
    ok = ok && sha256_init(inner_) && sha256_update(inner_, block.data(), block.size());
    for (unsigned char& b : block) { b ^= 0x36 ^ 0x5c; }  // ipad off, opad on
    ok = ok && sha256_init(outer_) && sha256_update(outer_, block.data(), block.size());
    OPENSSL_cleanse(block.data(), block.size());
    if (!ok) { clear(); }
    return ok;
  }

  SHA256_CTX inner_{};
  SHA256_CTX outer_{};
  bool ready_ = false;
};

/// HMAC-SHA256 over the concatenation of `parts`, keyed by `key`, in one call (the key is
/// prepared, used once and wiped). False if OpenSSL fails.
inline bool hmac_sha256(std::string_view key, std::initializer_list<std::string_view> parts, digest& out) noexcept {
  const hmac_sha256_key prepared(key);
  return prepared.mac(parts, out);
}

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_HMAC_SHA256_HPP
