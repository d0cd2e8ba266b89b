// SPDX-License-Identifier: MIT
/// @file
/// Handling events with `oncehub::webhooks::visit`: one handler per event type or family,
/// chosen by overload resolution, checked for completeness at compile time. Forget one
/// event type and this file no longer compiles.
///
/// usage: routing_visit FILE...   (each FILE holds one delivery)
#include <fstream>
#include <iostream>
#include <oncehub/webhooks.hpp>
#include <sstream>
#include <string>

namespace wh = oncehub::webhooks;

namespace {

/// Returns the delivery's outcome, which becomes the HTTP status OnceHub receives.
wh::outcome handle(const wh::event& event) {
  return wh::visit(
      event,
      // A specific event type: the payload is a typed booking.
      [](const wh::typed_event<wh::booking_canceled>& e) {
        const wh::booking& b = e.data();
        std::string reason = "(no reason)";
        if (b.cancel_reschedule_information && b.cancel_reschedule_information->reason) {
          reason = std::string(*b.cancel_reschedule_information->reason);
        }
        std::cout << "  cancel booking " << b.id.value_or("?") << ": " << reason << '\n';
        return wh::outcome::handled;
      },
      // Every other booking event: the family concept loses to the specific handler above.
      [](const wh::booking_event auto& e) {
        std::cout << "  sync booking " << e.data().id.value_or("?") << " after " << e.name << '\n';
        return wh::outcome::handled;
      },
      [](const wh::conversation_event auto& e) {
        std::cout << "  conversation " << e.data().id.value_or("?") << " is "
                  << (e.data().status ? e.data().status->raw() : "?") << '\n';
        return wh::outcome::handled;
      },
      // A type newer than this library: acknowledge it so OnceHub does not retry.
      [](const wh::unknown_event& e) {
        std::cout << "  not handled yet: " << e.type_name() << '\n';
        return wh::outcome::unknown_event;
      });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: routing_visit FILE...\n";
    return 2;
  }
  wh::parser parser;  // one per thread, reused for every delivery
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream body;
    body << in.rdbuf();
    std::cout << argv[i] << '\n';
    auto parsed = parser.parse(body.str());
    const wh::outcome result = parsed ? handle(*parsed) : wh::outcome_of(parsed.error().code());
    if (!parsed) { std::cout << "  " << parsed.error().to_string() << '\n'; }
    std::cout << "  -> " << wh::to_string(result) << ", HTTP " << wh::http_status(result) << '\n';
  }
  return 0;
}
