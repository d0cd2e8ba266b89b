// SPDX-License-Identifier: MIT
/// @file
/// Version numbers and the few compiler feature switches the library depends on.
#ifndef ONCEHUB_WEBHOOKS_CONFIG_HPP
#define ONCEHUB_WEBHOOKS_CONFIG_HPP

#define ONCEHUB_WEBHOOKS_VERSION_MAJOR 0
#define ONCEHUB_WEBHOOKS_VERSION_MINOR 1
#define ONCEHUB_WEBHOOKS_VERSION_PATCH 0
#define ONCEHUB_WEBHOOKS_VERSION_STRING "0.1.0"

// Exceptions are optional: with -fno-exceptions the library still builds, and the
// checked accessors (`result::value()`, `field::value()`) abort instead of throwing.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define ONCEHUB_WEBHOOKS_EXCEPTIONS 1
#else
#define ONCEHUB_WEBHOOKS_EXCEPTIONS 0
#endif

// Marks accessors whose returned view must not outlive `*this` (clang diagnoses
// `auto sv = make_temporary().text();`). GCC 12 has no equivalent attribute.
#if defined(__clang__) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::lifetimebound)
#define ONCEHUB_WEBHOOKS_LIFETIMEBOUND [[clang::lifetimebound]]
#endif
#endif
#ifndef ONCEHUB_WEBHOOKS_LIFETIMEBOUND
#define ONCEHUB_WEBHOOKS_LIFETIMEBOUND
#endif

// Stale-view checks, like simdjson's development checks: every `event` handle remembers
// which parse made it, and reading it after the next parse on its parser aborts with a
// message instead of returning another delivery's data. On in debug builds (no NDEBUG)
// and under AddressSanitizer; off, they compile to nothing. Define the macro to 0 or 1 to
// choose. It changes the size of `event`: build every translation unit alike.
#ifndef ONCEHUB_WEBHOOKS_VIEW_CHECKS
#if !defined(NDEBUG) || defined(__SANITIZE_ADDRESS__)
#define ONCEHUB_WEBHOOKS_VIEW_CHECKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ONCEHUB_WEBHOOKS_VIEW_CHECKS 1
#endif
#endif
#endif
#ifndef ONCEHUB_WEBHOOKS_VIEW_CHECKS
#define ONCEHUB_WEBHOOKS_VIEW_CHECKS 0
#endif

#endif  // ONCEHUB_WEBHOOKS_CONFIG_HPP
