// SPDX-License-Identifier: MIT
/// @file
/// Handling events with `oncehub::webhooks::router`: handlers registered at start-up,
/// several per event, a subscription filter, and the outcome as an HTTP status.
///
/// usage: routing_router FILE...   (each FILE holds one delivery)
#include <fstream>
#include <iostream>
#include <oncehub/webhooks.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

namespace wh = oncehub::webhooks;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: routing_router FILE...\n";
    return 2;
  }

  // What our webhook subscription asked for (its `events` array).
  constexpr std::array<std::string_view, 3> subscribed{"booking", "conversation.closed", "conversation.started"};

  wh::router router;
  router.filter(wh::subscription_set::from(subscribed))
      .on<wh::booking_scheduled>(
          [](const wh::typed_event<wh::booking_scheduled>& e) {
            std::cout << "  calendar: add " << e.data().id.value_or("?") << " at "
                      << (e.data().starting_time ? e.data().starting_time->text : "?") << '\n';
          },
          "calendar")
      .on<wh::booking_canceled>(
          [](const auto& e) {
            if (e.data().payment_information && e.data().payment_information->amount_charged) {
              // A failing handler makes the delivery answer 500, so OnceHub retries it.
              throw std::runtime_error("payment service unavailable");
            }
            std::cout << "  billing: nothing to refund for " << e.data().id.value_or("?") << '\n';
          },
          "billing")
      .on<wh::booking_family>([](const wh::booking_event auto& e) { std::cout << "  crm: record " << e.name << '\n'; },
                              "crm")
      .on<wh::conversation_family>(
          [](const auto& e) { std::cout << "  chat log: " << e.data().id.value_or("?") << '\n'; }, "chat-log")
      .on_unknown([](const wh::unknown_event& e) { std::cout << "  unknown type " << e.type_name() << '\n'; })
      .on_error([](const wh::dispatch_error& failure) {
        if (failure.error != nullptr) {
          std::cout << "  rejected: " << failure.error->to_string() << '\n';
          return;
        }
        std::cout << "  handler '" << failure.handler << "' failed";
        if (failure.exception) {
          try {
            std::rethrow_exception(failure.exception);
          } catch (const std::exception& ex) { std::cout << ": " << ex.what(); }
        }
        std::cout << '\n';
      });

  wh::parser parser;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream body;
    body << in.rdbuf();
    std::cout << argv[i] << '\n';
    const wh::dispatch_result result = router.dispatch(parser.parse(body.str()));
    std::cout << "  -> " << wh::to_string(result.outcome) << ", HTTP " << result.http_status() << " ("
              << result.handlers_run << " handler(s) ran)\n";
  }
  return 0;
}
