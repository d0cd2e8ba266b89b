// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind to_json.hpp: a schema-driven walk over the decoded views.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_TO_JSON_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_TO_JSON_IMPL_HPP

#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/detail/schema.hpp"
#include "oncehub/webhooks/to_json.hpp"

namespace oncehub::webhooks::inline v0 {

inline void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (byte < 0x20 || byte == 0x7F) {
          out += "\\u00";
          out.push_back(hex[byte >> 4]);
          out.push_back(hex[byte & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

namespace detail {

/// Emits JSON with optional indentation; tracks commas per nesting level.
class json_writer {
 public:
  json_writer(std::string& out, json_style style) : out_(out), pretty_(style == json_style::pretty) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_ += pretty_ ? ": " : ":";
    after_key_ = true;
  }
  void string(std::string_view text) {
    separate();
    append_json_string(out_, text);
  }
  /// Inserts JSON text as it was received; compact output drops its insignificant
  /// whitespace so the document stays on one line.
  void raw(std::string_view json) {
    separate();
    if (pretty_) {
      out_ += json;
      return;
    }
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
      const char c = json[i];
      if (in_string) {
        out_ += c;
        if (c == '\\' && i + 1 < json.size()) {
          out_ += json[++i];
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
        out_ += c;
      } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        out_ += c;
      }
    }
  }

 private:
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) { out_ += ','; }
      first_.back() = false;
      newline();
    }
  }
  void open(char bracket) {
    separate();
    out_ += bracket;
    first_.push_back(true);
  }
  void close(char bracket) {
    const bool empty = first_.back();
    first_.pop_back();
    if (!empty) { newline(); }
    out_ += bracket;
  }
  void newline() {
    if (!pretty_) { return; }
    out_ += '\n';
    out_.append(2 * first_.size(), ' ');
  }
  std::string& out_;
  bool pretty_;
  bool after_key_ = false;
  std::vector<bool> first_;
};

class event_printer {
 public:
  event_printer(json_writer& writer, std::span<const finding> findings) : w_(writer), findings_(findings) {}

  template <class T>
  void object(const T& value, std::string& path) {
    w_.begin_object();
    for_each_member<T>([&](const auto& m) { member(m.name, value.*(m.pointer), path); });
    w_.end_object();
  }

 private:
  /// The JSON that arrived at `path`, from its finding (the last one: of duplicate keys
  /// the last value counts); empty when no finding there carries a value.
  std::string_view received(const std::string& path) const {
    std::string_view raw;
    for (const finding& f : findings_) {
      if (f.path() == path && !f.raw_json().empty()) { raw = f.raw_json(); }
    }
    return raw;
  }

  /// The JSON a mismatching field arrived with, from its finding.
  void as_received(const std::string& path) {
    const std::string_view raw = received(path);
    w_.raw(raw.empty() ? std::string_view("null") : raw);
  }

  /// A one-object field that arrived as an array: the decoded first object (or, when it
  /// was not an object, what arrived), then every further element from its finding.
  template <class T>
  void array_form(const field<T>& f, std::string& path) {
    w_.begin_array();
    for (std::size_t index = 0;; ++index) {
      path_guard guard{path, path.size()};
      path += '[';
      path += std::to_string(index);
      path += ']';
      if (index == 0 && f.has_value()) {
        object(*f, path);
        continue;
      }
      const std::string_view raw = received(path);
      if (raw.empty()) { break; }
      w_.raw(raw);
    }
    w_.end_array();
  }

  struct path_guard {
    std::string& path;
    std::size_t size;
    ~path_guard() { path.resize(size); }
  };

  template <class M>
  void member(std::string_view name, const M& m, std::string& path) {
    if constexpr (std::is_same_v<M, json_value>) {
      if (m.kind() == json_kind::none) { return; }
      w_.key(name);
      w_.raw(m.raw_json());
    } else {
      if (m.is_absent()) {
        if constexpr (is_field_v<M>) {
          // `[]` for a one-object field reads as absent; print what arrived all the same.
          if constexpr (accepts_array_v<typename M::value_type>) {
            if (access::value(m).from_array) {
              w_.key(name);
              w_.raw("[]");
            }
          }
        }
        return;
      }
      path_guard guard{path, path.size()};
      path += '.';
      path += name;
      w_.key(name);
      element(m, path);
    }
  }

  template <class T>
  void element(const field<T>& f, std::string& path) {
    if constexpr (accepts_array_v<T>) {
      if (f.state() != presence::null && access::value(f).from_array) {
        array_form(f, path);
        return;
      }
    }
    switch (f.state()) {
      case presence::null: w_.raw("null"); return;
      case presence::invalid: as_received(path); return;
      case presence::absent: w_.raw("null"); return;
      case presence::present: break;
    }
    value(*f, path);
  }

  template <class T>
  void element(const ref<T>& r, std::string& path) {
    switch (r.state()) {
      case presence::null: w_.raw("null"); return;
      case presence::invalid: as_received(path); return;
      case presence::absent: w_.raw("null"); return;
      case presence::present: break;
    }
    if (r.is_expanded()) {
      object(*r.object(), path);
    } else {
      w_.string(r.id());
    }
  }

  void value(std::string_view text, std::string&) { w_.string(text); }
  void value(bool flag, std::string&) { w_.raw(flag ? "true" : "false"); }
  void value(std::int64_t number, std::string&) { w_.raw(std::to_string(number)); }
  void value(const timestamp& time, std::string&) { w_.string(time.text); }
  template <class E>
  void value(const open_enum<E>& e, std::string&) {
    w_.string(e.raw());
  }
  template <class T>
    requires has_schema<T>
  void value(const T& nested, std::string& path) { object(nested, path); }
  template <class E>
  void value(const list<E>& items, std::string& path) {
    w_.begin_array();
    std::size_t index = 0;
    for (const E& item : items) {
      path_guard guard{path, path.size()};
      path += '[';
      path += std::to_string(index++);
      path += ']';
      element(item, path);
    }
    w_.end_array();
  }

  json_writer& w_;
  std::span<const finding> findings_;
};

}  // namespace detail

inline std::string to_json(const event& e, json_style style) {
  std::string out;
  out.reserve(e.data_json().size() * 2 + 256);
  detail::json_writer w(out, style);
  const envelope& env = e.envelope();
  w.begin_object();
  w.key("type");
  w.string(env.type_name);
  w.key("known");
  w.raw(e.is_known() ? "true" : "false");
  w.key("family");
  if (auto family = e.family()) {
    w.string(to_string(*family));
  } else {
    w.raw("null");
  }
  w.key("envelope");
  w.begin_object();
  w.key("id");
  w.string(env.id);
  w.key("object");
  w.string(env.object);
  w.key("creation_time");
  if (env.creation_time.has_value()) {
    w.string(env.creation_time->text);
  } else {
    // Invalid (not RFC 3339): print what arrived, from its finding.
    std::string_view raw = "null";
    for (const finding& f : e.findings()) {
      if (f.path() == "creation_time" && !f.raw_json().empty()) { raw = f.raw_json(); }
    }
    w.raw(raw);
  }
  w.key("api_version");
  w.string(env.api_version);
  w.end_object();
  w.key("data");
  detail::event_printer printer(w, e.findings());
  std::string path = "data";
  if (const booking* b = e.booking()) {
    printer.object(*b, path);
  } else if (const conversation* c = e.conversation()) {
    printer.object(*c, path);
  } else {
    w.raw(e.data_json());
  }
  if (!e.findings().empty()) {
    w.key("findings");
    w.begin_array();
    for (const finding& f : e.findings()) {
      w.begin_object();
      w.key("path");
      w.string(f.path());
      w.key("issue");
      w.string(to_string(f.issue()));
      w.key("expected");
      w.string(f.expected());
      w.key("got");
      w.string(to_string(f.got()));
      if (!f.raw_json().empty()) {
        w.key("raw");
        w.string(f.raw_json());
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  if (style == json_style::pretty) { out += '\n'; }
  return out;
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_TO_JSON_IMPL_HPP
