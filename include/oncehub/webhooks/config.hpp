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

#endif  // ONCEHUB_WEBHOOKS_CONFIG_HPP
