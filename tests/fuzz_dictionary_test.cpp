// SPDX-License-Identifier: MIT
// fuzz/oncehub.dict is complete: it holds, as JSON strings, every event type wire name,
// every field name of every schema table (found by walking the schema from the booking
// and conversation views, so a new table or field is picked up without touching this
// test), the envelope keys and every open enum value; and libFuzzer can read every line.
#include <gtest/gtest.h>

#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/detail/schema.hpp>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <vector>

#include "support/test_data.hpp"

namespace wh = oncehub::webhooks;

namespace {

std::filesystem::path repository() { return test_data::data_dir().parent_path().parent_path(); }

/// One dictionary line as libFuzzer reads it (FuzzerUtil.cpp, ParseOneDictionaryEntry):
/// `[name=]"value"`, where inside the quotes only `\\`, `\"` and `\xAB` are escapes and
/// every byte is printable. Returns false for a line libFuzzer would refuse.
bool parse_entry(std::string_view line, std::string& out) {
  const std::size_t left = line.find('"');
  const std::size_t right = line.rfind('"');
  if (left == std::string_view::npos || right == left) { return false; }
  if (line.substr(right + 1).find_first_not_of(" \t\r") != std::string_view::npos) { return false; }
  out.clear();
  for (std::size_t i = left + 1; i < right; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 || c > 0x7E) { return false; }
    if (c != '\\') {
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (i + 1 < right && (line[i + 1] == '\\' || line[i + 1] == '"')) {
      out.push_back(line[++i]);
    } else if (i + 3 < right && line[i + 1] == 'x' && std::isxdigit(static_cast<unsigned char>(line[i + 2])) &&
               std::isxdigit(static_cast<unsigned char>(line[i + 3]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(line.substr(i + 2, 2)), nullptr, 16)));
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

struct dictionary {
  std::set<std::string> entries;
  std::vector<std::string> bad_lines;
};

dictionary load_dictionary() {
  dictionary d;
  std::istringstream lines(test_data::read_file(repository() / "fuzz" / "oncehub.dict"));
  for (std::string line; std::getline(lines, line);) {
    const std::size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == '#') { continue; }
    std::string value;
    if (parse_entry(line, value)) {
      d.entries.insert(value);
    } else {
      d.bad_lines.push_back(line);
    }
  }
  return d;
}

std::string as_json_string(std::string_view name) { return "\"" + std::string(name) + "\""; }

// --- every schema table, reached from the views --------------------------------------

template <class T>
struct is_field : std::false_type {};
template <class T>
struct is_field<wh::field<T>> : std::true_type {};
template <class T>
struct is_ref : std::false_type {};
template <class T>
struct is_ref<wh::ref<T>> : std::true_type {};
template <class T>
struct is_list : std::false_type {};
template <class T>
struct is_list<wh::list<T>> : std::true_type {};
template <class T>
struct is_open_enum : std::false_type {};
template <class E>
struct is_open_enum<wh::open_enum<E>> : std::true_type {
  using enum_type = E;
};

struct schema_walk {
  std::set<std::type_index> tables;
  std::set<std::string> field_names;
  std::set<std::string> enum_values;

  template <class T>
  void table() {
    if (!tables.insert(typeid(T)).second) { return; }
    wh::detail::for_each_member<T>([&](const auto& m) {
      field_names.emplace(m.name);
      member<typename std::remove_cvref_t<decltype(m)>::member_type>();
    });
  }

  template <class M>
  void member() {
    if constexpr (is_field<M>::value) {
      value<typename M::value_type>();
    } else if constexpr (is_ref<M>::value) {
      table<typename M::object_type>();
    }
  }

  template <class T>
  void value() {
    if constexpr (wh::detail::has_schema<T>) {
      table<T>();
    } else if constexpr (is_list<T>::value) {
      member<std::remove_cvref_t<decltype(std::declval<const T&>()[0])>>();
    } else if constexpr (is_open_enum<T>::value) {
      for (const auto& [name, value] : wh::enum_names<typename is_open_enum<T>::enum_type>) {
        enum_values.emplace(name);
      }
    }
  }
};

schema_walk walk_schema() {
  schema_walk walk;
  walk.table<wh::booking>();
  walk.table<wh::conversation>();
  for (const auto& [name, value] : wh::enum_names<wh::payload_version>) { walk.enum_values.emplace(name); }
  return walk;
}

TEST(FuzzDictionary, EveryLineIsAnEntryLibFuzzerAccepts) {
  const dictionary d = load_dictionary();
  EXPECT_TRUE(d.bad_lines.empty()) << "first bad line: " << d.bad_lines.front();
  EXPECT_GT(d.entries.size(), 100u);
}

TEST(FuzzDictionary, HoldsEveryEventTypeWireName) {
  const dictionary d = load_dictionary();
  for (wh::event_type type : wh::all_event_types) {
    EXPECT_TRUE(d.entries.contains(as_json_string(wh::to_string(type)))) << wh::to_string(type);
    EXPECT_TRUE(d.entries.contains(std::string(wh::to_string(type)))) << "bare " << wh::to_string(type);
  }
  for (wh::event_family family : wh::all_event_families) {
    EXPECT_TRUE(d.entries.contains(as_json_string(wh::to_string(family)))) << wh::to_string(family);
  }
}

TEST(FuzzDictionary, HoldsEveryFieldNameOfEverySchemaTable) {
  const schema_walk walk = walk_schema();
  // The walk must reach every `schema<T>` specialisation in the header, or a table that
  // no view uses yet would escape the check.
  const std::string header = test_data::read_file(repository() / "include/oncehub/webhooks/detail/schema.hpp");
  // Each `struct schema<user> {` is a specialisation (the primary is `struct schema;`).
  std::size_t tables = 0;
  for (std::size_t at = header.find("struct schema<"); at != std::string::npos;
       at = header.find("struct schema<", at + 1)) {
    ++tables;
  }
  EXPECT_GT(tables, 10u);
  EXPECT_EQ(walk.tables.size(), tables);
  EXPECT_GT(walk.field_names.size(), 90u);

  const dictionary d = load_dictionary();
  for (const std::string& name : walk.field_names) { EXPECT_TRUE(d.entries.contains(as_json_string(name))) << name; }
}

TEST(FuzzDictionary, HoldsTheEnvelopeKeys) {
  const dictionary d = load_dictionary();
  for (const char* key : {"id", "object", "creation_time", "type", "api_version", "data"}) {
    EXPECT_TRUE(d.entries.contains(as_json_string(key))) << key;
  }
}

TEST(FuzzDictionary, HoldsEveryOpenEnumWireValue) {
  const schema_walk walk = walk_schema();
  EXPECT_GT(walk.enum_values.size(), 30u);
  const dictionary d = load_dictionary();
  for (const std::string& value : walk.enum_values) { EXPECT_TRUE(d.entries.contains(as_json_string(value))) << value; }
}

// Issue 12: the fuzzers reach the alternative shapes of multi-shape fields and the
// ISO 8601 timestamp forms read with a finding, not only what OnceHub sends.
TEST(FuzzDictionary, HoldsTheAlternativeShapesAndTheIso8601TimestampForms) {
  const dictionary d = load_dictionary();
  for (const char* entry :
       {"[null]", "[[]]", "[{}]", "[{},{}]", "[\"x\"]", ":[]", ":[null]", "2026-03-02T15:00:00.000+0200",
        "2026-03-02T15:00:00+02", "2026-03-02 15:00:00Z", "2026-03-02t15:00:00.000z", ",25", ".1234567890123", "+0200",
        "-0530", "2026-03-02T15:00:00\"", "2026-13-02", "24:00:01"}) {
    EXPECT_TRUE(d.entries.contains(entry)) << entry;
  }
}

}  // namespace
