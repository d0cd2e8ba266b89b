// SPDX-License-Identifier: MIT
/// @file
/// Rewrites a JSON document with its object keys shuffled (deterministically) and/or
/// pretty-printed: the same values, in an order and layout the decoder did not see yet.
#ifndef ONCEHUB_WEBHOOKS_TESTS_REWRITE_HPP
#define ONCEHUB_WEBHOOKS_TESTS_REWRITE_HPP

#include <simdjson.h>

#include <algorithm>
#include <oncehub/webhooks/to_json.hpp>
#include <random>
#include <string>
#include <vector>

namespace rewrite {

inline void write(std::string& out, simdjson::dom::element e, std::mt19937* shuffle, int indent, int depth) {
  const auto newline = [&](int level) {
    if (indent == 0) { return; }
    out += '\n';
    out.append(static_cast<std::size_t>(indent * level), ' ');
  };
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: {
      std::vector<std::pair<std::string_view, simdjson::dom::element>> fields;
      for (auto [k, v] : simdjson::dom::object(e)) { fields.emplace_back(k, v); }
      if (shuffle != nullptr) { std::shuffle(fields.begin(), fields.end(), *shuffle); }
      out += '{';
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) { out += ','; }
        newline(depth + 1);
        oncehub::webhooks::append_json_string(out, fields[i].first);
        out += indent ? ": " : ":";
        write(out, fields[i].second, shuffle, indent, depth + 1);
      }
      if (!fields.empty()) { newline(depth); }
      out += '}';
      break;
    }
    case simdjson::dom::element_type::ARRAY: {
      out += '[';
      bool first = true;
      for (auto v : simdjson::dom::array(e)) {
        if (!first) { out += ','; }
        first = false;
        newline(depth + 1);
        write(out, v, shuffle, indent, depth + 1);
      }
      if (!first) { newline(depth); }
      out += ']';
      break;
    }
    case simdjson::dom::element_type::STRING: oncehub::webhooks::append_json_string(out, std::string_view(e)); break;
    default: out += simdjson::minify(e); break;
  }
}

/// `text` with keys shuffled by `seed` (when `shuffled`) and indented by `indent` spaces.
inline std::string document(std::string_view text, bool shuffled, int indent, unsigned seed = 42) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root = parser.parse(padded);
  std::mt19937 random(seed);
  std::string out;
  write(out, root, shuffled ? &random : nullptr, indent, 0);
  return out;
}

}  // namespace rewrite

#endif  // ONCEHUB_WEBHOOKS_TESTS_REWRITE_HPP
