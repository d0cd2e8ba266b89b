// SPDX-License-Identifier: MIT
/// @file
/// The one header users include: decode OnceHub webhook deliveries into typed,
/// zero-copy views, dispatch them, de-duplicate them, and manage subscriptions. See
/// README.md for a tour. Signature verification needs OpenSSL and has its own headers:
/// <oncehub/webhooks/endpoint.hpp> (verify, then parse: the entry point for a request) and
/// <oncehub/webhooks/signature.hpp> (secrets, the verifier, `sign`).
#ifndef ONCEHUB_WEBHOOKS_HPP
#define ONCEHUB_WEBHOOKS_HPP

#include "oncehub/webhooks/booking.hpp"
#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/conversation.hpp"
#include "oncehub/webhooks/dedup.hpp"
#include "oncehub/webhooks/dispatch.hpp"
#include "oncehub/webhooks/envelope.hpp"
#include "oncehub/webhooks/error.hpp"
#include "oncehub/webhooks/event.hpp"
#include "oncehub/webhooks/events.hpp"
#include "oncehub/webhooks/fields.hpp"
#include "oncehub/webhooks/json.hpp"
#include "oncehub/webhooks/objects.hpp"
#include "oncehub/webhooks/owned.hpp"
#include "oncehub/webhooks/parser.hpp"
#include "oncehub/webhooks/result.hpp"
#include "oncehub/webhooks/webhooks_api.hpp"

#endif  // ONCEHUB_WEBHOOKS_HPP
