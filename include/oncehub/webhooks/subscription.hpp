// SPDX-License-Identifier: MIT
// Deprecated: include <oncehub/webhooks/webhooks_api.hpp> (the Webhooks API client); "subscription" names the router's subscription_set.
#include "oncehub/webhooks/webhooks_api.hpp"  // IWYU pragma: export
