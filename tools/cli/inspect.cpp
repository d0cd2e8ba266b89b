// SPDX-License-Identifier: MIT
/// @file
/// `oncehub-webhook inspect`: decode one delivery and print what the library sees.
#include <iostream>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/to_json.hpp>
#include <string>

#include "cli.hpp"

namespace cli {

namespace wh = oncehub::webhooks;

int run_inspect(std::span<const std::string_view> args) {
  static constexpr std::string_view usage =
      "oncehub-webhook inspect [--compact] [--strict] [--max-body BYTES] [FILE|-]";
  std::optional<std::string_view> path;
  wh::parser_options options;
  wh::json_style style = wh::json_style::pretty;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: " << usage << "\n";
      return exit_ok;
    }
    if (arg == "--compact") {
      style = wh::json_style::compact;
    } else if (arg == "--strict") {
      options.strict_fields = true;
      options.strict_event_types = true;
    } else if (auto refusal = input_argument(args, i, options.max_body_size, path, "inspect")) {
      return usage_error(*refusal, usage);
    }
  }
  auto body = read_input(path.value_or("-"), options.max_body_size);
  if (!body) { return exit_failure; }
  wh::parser parser(options);
  auto result = parser.parse(*body);
  if (!result) {
    std::cerr << result.error().to_string() << "\n";
    return exit_failure;
  }
  std::cout << wh::to_json(*result, style);
  if (style == wh::json_style::compact) { std::cout << "\n"; }
  return exit_ok;
}

}  // namespace cli
