// SPDX-License-Identifier: MIT
/// @file
/// Every decoder the benchmarks compare, each producing the same values (values.hpp):
///
/// | name | what |
/// |---|---|
/// | `oncehub` | this library: `parser::parse` into typed views (every field, full validation) |
/// | `handwritten` | the best simdjson 3.0.1 On-Demand does by hand: each object iterated once, a switch on the key, `get_string` |
/// | `stage1` | `ondemand::parser::iterate` only: the floor of any simdjson decoder |
/// | `simdjson_dom` | simdjson DOM parse, then a lookup per value |
/// | `rapidjson` | RapidJSON `Parse` (default flags), then `FindMember` lookups |
/// | `rapidjson_insitu` | RapidJSON `ParseInsitu` with pool allocators over preallocated buffers |
/// | `nlohmann` | nlohmann::json `parse`, then `find` lookups |
/// | `memcpy`, `validate_utf8` | physical floors: copy the bytes, validate their UTF-8 |
#ifndef ONCEHUB_WEBHOOKS_BENCH_DECODERS_HPP
#define ONCEHUB_WEBHOOKS_BENCH_DECODERS_HPP

#include <simdjson.h>

#include <cstring>
#include <memory>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/detail/timestamp.hpp>
#include <oncehub/webhooks/to_json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "values.hpp"

#if ONCEHUB_WEBHOOKS_BENCH_PEERS
#include <rapidjson/document.h>

#include <nlohmann/json.hpp>
#endif

namespace bench {

namespace od = simdjson::ondemand;

inline std::int64_t millis_of(std::string_view text) {
  auto t = oncehub::webhooks::detail::parse_rfc3339(text);
  return t ? t->time_since_epoch().count() : -1;
}

/// One payload, padded for simdjson.
struct payload {
  std::string name;
  std::string text;
  simdjson::padded_string padded;
  bool booking = true;
  payload(std::string n, std::string t, bool is_booking)
      : name(std::move(n)), text(std::move(t)), padded(text), booking(is_booking) {}
};

// ---- path extraction, shared by the DOM-style decoders ---------------------------------

/// A path split into object keys and array indices, once, before timing.
struct path_step {
  std::string key;  // empty for an index
  std::size_t index = 0;
};
struct compiled_slot {
  slot id;
  kind type;
  std::vector<path_step> steps;
};

inline std::vector<compiled_slot> compile(const std::vector<slot_info>& slots) {
  std::vector<compiled_slot> out;
  for (const slot_info& info : slots) {
    compiled_slot c{info.id, info.type, {}};
    std::string_view path = info.path;
    while (!path.empty()) {
      const std::size_t dot = path.find('.');
      std::string_view part = path.substr(0, dot);
      path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
      const std::size_t bracket = part.find('[');
      c.steps.push_back({std::string(part.substr(0, bracket)), 0});
      if (bracket != std::string_view::npos) {
        c.steps.push_back({"", static_cast<std::size_t>(std::stoul(std::string(part.substr(bracket + 1))))});
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

/// Records a scalar leaf; containers are not values (they stay absent).
template <class Leaf>
void record(sink& out, const compiled_slot& c, Leaf&& leaf) {
  leaf(out, c);
}

// ---- simdjson DOM ---------------------------------------------------------------------

class dom_decoder {
 public:
  explicit dom_decoder(bool booking) : slots_(compile(slots_for(booking))) {}
  bool decode(const payload& p, sink& out) {
    simdjson::dom::element root;
    if (parser_.parse(p.padded).get(root)) { return false; }
    for (const compiled_slot& c : slots_) {
      simdjson::dom::element e = root;
      bool found = true;
      for (const path_step& step : c.steps) {
        auto next = step.key.empty() ? e.at(step.index) : e[step.key];
        if (next.get(e) != simdjson::SUCCESS) {
          found = false;
          break;
        }
      }
      if (!found) { continue; }
      switch (e.type()) {
        case simdjson::dom::element_type::STRING: {
          std::string_view s = e.get_string().value_unsafe();
          if (c.type == kind::t) {
            out.time(c.id, s, millis_of(s));
          } else {
            out.str(c.id, s);
          }
          break;
        }
        case simdjson::dom::element_type::INT64: out.num(c.id, e.get_int64().value_unsafe()); break;
        case simdjson::dom::element_type::BOOL: out.flag(c.id, e.get_bool().value_unsafe()); break;
        case simdjson::dom::element_type::NULL_VALUE: out.null(c.id); break;
        default: break;
      }
    }
    return true;
  }

 private:
  simdjson::dom::parser parser_;
  std::vector<compiled_slot> slots_;
};

#if ONCEHUB_WEBHOOKS_BENCH_PEERS
// ---- RapidJSON ------------------------------------------------------------------------

template <class Document>
void rapidjson_extract(const Document& root, const std::vector<compiled_slot>& slots, sink& out) {
  using Value = typename Document::ValueType;
  for (const compiled_slot& c : slots) {
    const Value* e = &root;
    for (const path_step& step : c.steps) {
      if (step.key.empty()) {
        if (!e->IsArray() || step.index >= e->Size()) {
          e = nullptr;
          break;
        }
        e = &(*e)[static_cast<rapidjson::SizeType>(step.index)];
      } else {
        if (!e->IsObject()) {
          e = nullptr;
          break;
        }
        auto it = e->FindMember(rapidjson::StringRef(step.key.data(), static_cast<rapidjson::SizeType>(step.key.size())));
        if (it == e->MemberEnd()) {
          e = nullptr;
          break;
        }
        e = &it->value;
      }
    }
    if (e == nullptr) { continue; }
    if (e->IsString()) {
      std::string_view s(e->GetString(), e->GetStringLength());
      if (c.type == kind::t) {
        out.time(c.id, s, millis_of(s));
      } else {
        out.str(c.id, s);
      }
    } else if (e->IsInt64()) {
      out.num(c.id, e->GetInt64());
    } else if (e->IsBool()) {
      out.flag(c.id, e->GetBool());
    } else if (e->IsNull()) {
      out.null(c.id);
    }
  }
}

class rapidjson_decoder {
 public:
  explicit rapidjson_decoder(bool booking) : slots_(compile(slots_for(booking))) {}
  bool decode(const payload& p, sink& out) {
    document_ = rapidjson::Document();  // a fresh document each time, as an application would
    document_.Parse(p.text.data(), p.text.size());
    if (document_.HasParseError()) { return false; }
    rapidjson_extract(document_, slots_, out);
    return true;
  }

 private:
  rapidjson::Document document_;
  std::vector<compiled_slot> slots_;
};

/// The fastest RapidJSON setup: in situ parsing (strings unescaped in place, so a copy of
/// the body is made and counted) and memory pools over preallocated buffers.
class rapidjson_insitu_decoder {
 public:
  explicit rapidjson_insitu_decoder(bool booking)
      : slots_(compile(slots_for(booking))),
        value_buffer_(1 << 20),
        parse_buffer_(1 << 16),
        copy_(1 << 20) {}
  bool decode(const payload& p, sink& out) {
    using allocator = rapidjson::MemoryPoolAllocator<>;
    allocator values(value_buffer_.data(), value_buffer_.size());
    allocator parse(parse_buffer_.data(), parse_buffer_.size());
    using document = rapidjson::GenericDocument<rapidjson::UTF8<>, allocator, allocator>;
    document d(&values, parse_buffer_.size(), &parse);
    std::memcpy(copy_.data(), p.text.data(), p.text.size());
    copy_[p.text.size()] = '\0';
    d.ParseInsitu(copy_.data());
    if (d.HasParseError()) { return false; }
    rapidjson_extract(d, slots_, out);
    return true;
  }

 private:
  std::vector<compiled_slot> slots_;
  std::vector<char> value_buffer_;
  std::vector<char> parse_buffer_;
  std::vector<char> copy_;
};

// ---- nlohmann::json -------------------------------------------------------------------

inline void nlohmann_extract(const nlohmann::json& root, const std::vector<compiled_slot>& slots, sink& out) {
  for (const compiled_slot& c : slots) {
    const nlohmann::json* e = &root;
    for (const path_step& step : c.steps) {
      if (step.key.empty()) {
        if (!e->is_array() || step.index >= e->size()) {
          e = nullptr;
          break;
        }
        e = &(*e)[step.index];
      } else {
        if (!e->is_object()) {
          e = nullptr;
          break;
        }
        auto it = e->find(step.key);
        if (it == e->end()) {
          e = nullptr;
          break;
        }
        e = &*it;
      }
    }
    if (e == nullptr) { continue; }
    if (e->is_string()) {
      std::string_view s = e->get_ref<const std::string&>();
      if (c.type == kind::t) {
        out.time(c.id, s, millis_of(s));
      } else {
        out.str(c.id, s);
      }
    } else if (e->is_number_integer()) {
      out.num(c.id, e->get<std::int64_t>());
    } else if (e->is_boolean()) {
      out.flag(c.id, e->get<bool>());
    } else if (e->is_null()) {
      out.null(c.id);
    }
  }
}

class nlohmann_decoder {
 public:
  explicit nlohmann_decoder(bool booking) : slots_(compile(slots_for(booking))) {}
  bool decode(const payload& p, sink& out) {
    document_ = nlohmann::json::parse(p.text, nullptr, /*allow_exceptions=*/false);
    if (document_.is_discarded()) { return false; }
    nlohmann_extract(document_, slots_, out);
    return true;
  }

 private:
  nlohmann::json document_;
  std::vector<compiled_slot> slots_;
};
#endif

// ---- this library -----------------------------------------------------------------------

class oncehub_decoder {
 public:
  /// The timed step: every field decoded into the parser's views.
  bool decode(const payload& p) { return static_cast<bool>(parser_.parse(p.padded)); }

  /// For the answer check only (not timed): the decoded views, read back through
  /// `to_json` and a DOM into the common value slots.
  bool decode(const payload& p, sink& out) {
    auto result = parser_.parse(p.padded);
    if (!result) { return false; }
    rendered_ = simdjson::padded_string(oncehub::webhooks::to_json(*result));
    reader_ = std::make_unique<dom_decoder>(p.booking);
    // to_json's envelope and data are laid out like a delivery's, so the same paths work,
    // once "envelope.id" is read as "id": rebuild a delivery from the rendered parts.
    simdjson::dom::parser dom;
    simdjson::dom::element doc;
    if (dom.parse(rendered_).get(doc)) { return false; }
    std::string delivery = "{\"id\":" + simdjson::minify(doc["envelope"]["id"]) +
                           ",\"object\":" + simdjson::minify(doc["envelope"]["object"]) +
                           ",\"creation_time\":" + simdjson::minify(doc["envelope"]["creation_time"]) +
                           ",\"type\":" + simdjson::minify(doc["type"]) +
                           ",\"api_version\":" + simdjson::minify(doc["envelope"]["api_version"]) +
                           ",\"data\":" + simdjson::minify(doc["data"]) + "}";
    rebuilt_ = std::make_unique<payload>(p.name, delivery, p.booking);
    return reader_->decode(*rebuilt_, out);
  }
  oncehub::webhooks::parser& parser() { return parser_; }

 private:
  oncehub::webhooks::parser parser_;
  simdjson::padded_string rendered_;
  std::unique_ptr<payload> rebuilt_;
  std::unique_ptr<dom_decoder> reader_;  // the answer's views point into it
};

// ---- the hand-written On-Demand decoder -------------------------------------------------

/// Iterates each object once, in document order, switching on the key, and unescapes
/// every string with `get_string`: the fastest way to read these payloads with simdjson
/// 3.0.1 by hand (reference/perf-anchors.md section 3). It knows the payloads' shapes and
/// validates nothing it does not read.
class handwritten_decoder {
 public:
  bool decode(const payload& p, sink& out) {
    od::document doc;
    if (parser_.iterate(p.padded).get(doc)) { return false; }
    od::object root;
    if (doc.get_object().get(root)) { return false; }
    bool booking = true;
    for (auto f : root) {
      od::field field;
      if (std::move(f).get(field)) { return false; }
      od::raw_json_string key = field.key();
      od::value v = field.value();
      switch (key.raw()[0]) {
        case 'i':
          if (key == "id") { str(v, out, slot::env_id); }
          break;
        case 'o':
          if (key == "object") { str(v, out, slot::env_object); }
          break;
        case 'c':
          if (key == "creation_time") { time(v, out, slot::env_creation_time); }
          break;
        case 't':
          if (key == "type") {
            std::string_view type;
            if (v.get_string().get(type)) { return false; }
            out.str(slot::env_type, type);
            booking = type.substr(0, 8) == "booking.";
          }
          break;
        case 'a':
          if (key == "api_version") { str(v, out, slot::env_api_version); }
          break;
        case 'd':
          if (key == "data") {
            od::object data;
            if (v.get_object().get(data)) { return false; }
            if (!(booking ? booking_data(data, out) : conversation_data(data, out))) { return false; }
          }
          break;
        default: break;
      }
    }
    return true;
  }

 private:
  static bool str(od::value& v, sink& out, slot s) {
    std::string_view text;
    const auto e = v.get_string().get(text);
    if (e == simdjson::SUCCESS) {
      out.str(s, text);
      return true;
    }
    bool is_null = false;
    if (v.is_null().get(is_null) == simdjson::SUCCESS && is_null) { out.null(s); }
    return true;
  }
  static bool time(od::value& v, sink& out, slot s) {
    std::string_view text;
    if (v.get_string().get(text) == simdjson::SUCCESS) { out.time(s, text, millis_of(text)); }
    return true;
  }
  static void integer(od::value& v, sink& out, slot s) {
    std::int64_t n = 0;
    if (v.get_int64().get(n) == simdjson::SUCCESS) { out.num(s, n); }
  }
  static void boolean(od::value& v, sink& out, slot s) {
    bool b = false;
    if (v.get_bool().get(b) == simdjson::SUCCESS) { out.flag(s, b); }
  }
  template <class F>
  static bool each_field(od::value& v, F&& on_field) {
    od::object object;
    if (v.get_object().get(object)) {
      bool is_null = false;
      return v.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
    for (auto f : object) {
      od::field field;
      if (std::move(f).get(field)) { return false; }
      on_field(field.key(), field.value());
    }
    return true;
  }
  template <class F>
  static bool each_element(od::value& v, F&& on_element) {
    od::array array;
    if (v.get_array().get(array)) { return false; }
    std::size_t i = 0;
    for (auto e : array) {
      od::value element;
      if (std::move(e).get(element)) { return false; }
      on_element(i++, element);
    }
    return true;
  }
  static void custom_fields(od::value& v, sink& out, const slot* names, const slot* values, std::size_t max) {
    each_element(v, [&](std::size_t i, od::value& item) {
      if (i >= max) { return; }
      each_field(item, [&](od::raw_json_string k, od::value& x) {
        if (k == "name") {
          str(x, out, names[i]);
        } else if (k == "value") {
          str(x, out, values[i]);
        }
      });
    });
  }

  bool booking_data(od::object& data, sink& out) {
    for (auto f : data) {
      od::field field;
      if (std::move(f).get(field)) { return false; }
      od::raw_json_string k = field.key();
      od::value v = field.value();
      switch (k.raw()[0]) {
        case 'a':
          if (k == "attendees") {
            each_element(v, [&](std::size_t i, od::value& x) {
              if (i < 2) { str(x, out, i == 0 ? slot::b_attendees_0 : slot::b_attendees_1); }
            });
          }
          break;
        case 'b':
          if (k == "booking_page") {
            str(v, out, slot::b_booking_page);
          } else if (k == "booking_calendar") {
            str(v, out, slot::b_booking_calendar);
          }
          break;
        case 'c':
          if (k == "creation_time") {
            time(v, out, slot::b_creation_time);
          } else if (k == "customer_timezone") {
            str(v, out, slot::b_customer_timezone);
          } else if (k == "cancel_reschedule_url") {
            str(v, out, slot::b_cancel_reschedule_url);
          } else if (k == "cancel_reschedule_information") {
            each_field(v, [&](od::raw_json_string kk, od::value& x) {
              if (kk == "reason") {
                str(x, out, slot::cri_reason);
              } else if (kk == "actioned_by") {
                str(x, out, slot::cri_actioned_by);
              } else if (kk == "user_id") {
                str(x, out, slot::cri_user_id);
              }
            });
          } else if (k == "custom_fields") {
            static constexpr slot names[] = {slot::b_cf_name_0};
            static constexpr slot values[] = {slot::b_cf_value_0};
            custom_fields(v, out, names, values, 1);
          }
          break;
        case 'd':
          if (k == "duration_minutes") { integer(v, out, slot::b_duration_minutes); }
          break;
        case 'e':
          if (k == "event_type") {
            str(v, out, slot::b_event_type);
          } else if (k == "external_calendar") {
            each_field(v, [&](od::raw_json_string kk, od::value& x) {
              if (kk == "type") {
                str(x, out, slot::ec_type);
              } else if (kk == "name") {
                str(x, out, slot::ec_name);
              } else if (kk == "id") {
                str(x, out, slot::ec_id);
              } else if (kk == "event_id") {
                str(x, out, slot::ec_event_id);
              }
            });
          }
          break;
        case 'f':
          if (k == "form_submission") {
            each_field(v, [&](od::raw_json_string kk, od::value& x) {
              switch (kk.raw()[0]) {
                case 'n':
                  if (kk == "name") {
                    str(x, out, slot::fs_name);
                  } else if (kk == "note") {
                    str(x, out, slot::fs_note);
                  }
                  break;
                case 'e':
                  if (kk == "email") { str(x, out, slot::fs_email); }
                  break;
                case 'p':
                  if (kk == "phone") { str(x, out, slot::fs_phone); }
                  break;
                case 'm':
                  if (kk == "mobile_phone") { str(x, out, slot::fs_mobile_phone); }
                  break;
                case 'c':
                  if (kk == "company") {
                    str(x, out, slot::fs_company);
                  } else if (kk == "custom_fields") {
                    static constexpr slot names[] = {slot::fs_cf_name_0, slot::fs_cf_name_1, slot::fs_cf_name_2};
                    static constexpr slot values[] = {slot::fs_cf_value_0, slot::fs_cf_value_1, slot::fs_cf_value_2};
                    custom_fields(x, out, names, values, 3);
                  }
                  break;
                default: break;
              }
            });
          }
          break;
        case 'i':
          if (k == "id") {
            str(v, out, slot::b_id);
          } else if (k == "in_trash") {
            boolean(v, out, slot::b_in_trash);
          } else if (k == "ics_url") {
            str(v, out, slot::b_ics_url);
          }
          break;
        case 'l':
          if (k == "last_updated_time") {
            time(v, out, slot::b_last_updated_time);
          } else if (k == "location_description") {
            str(v, out, slot::b_location_description);
          }
          break;
        case 'm':
          if (k == "master_page") { str(v, out, slot::b_master_page); }
          break;
        case 'o':
          if (k == "object") {
            str(v, out, slot::b_object);
          } else if (k == "owner") {
            if (v.type().value_unsafe() == od::json_type::string) {
              str(v, out, slot::b_owner);
            } else {
              each_field(v, [&](od::raw_json_string kk, od::value& x) { user(kk, x, out); });
            }
          }
          break;
        case 'r':
          if (k == "rescheduled_booking_id") { str(v, out, slot::b_rescheduled_booking_id); }
          break;
        case 's':
          if (k == "subject") {
            str(v, out, slot::b_subject);
          } else if (k == "status") {
            str(v, out, slot::b_status);
          } else if (k == "starting_time") {
            time(v, out, slot::b_starting_time);
          }
          break;
        case 't':
          if (k == "tracking_id") { str(v, out, slot::b_tracking_id); }
          break;
        case 'u':
          if (k == "utm_params") {
            each_field(v, [&](od::raw_json_string kk, od::value& x) {
              if (kk == "source") {
                str(x, out, slot::utm_source);
              } else if (kk == "medium") {
                str(x, out, slot::utm_medium);
              } else if (kk == "campaign") {
                str(x, out, slot::utm_campaign);
              } else if (kk == "term") {
                str(x, out, slot::utm_term);
              } else if (kk == "content") {
                str(x, out, slot::utm_content);
              }
            });
          }
          break;
        case 'v':
          if (k == "virtual_conferencing") {
            each_field(v, [&](od::raw_json_string kk, od::value& x) {
              if (kk == "join_url") { str(x, out, slot::vc_join_url); }
            });
          }
          break;
        default: break;
      }
    }
    return true;
  }

  static void user(od::raw_json_string k, od::value& x, sink& out, bool conversation = false) {
    if (k == "id") {
      str(x, out, conversation ? slot::co_id : slot::owner_id);
    } else if (k == "object") {
      str(x, out, conversation ? slot::co_object : slot::owner_object);
    } else if (k == "first_name") {
      str(x, out, conversation ? slot::co_first_name : slot::owner_first_name);
    } else if (k == "last_name") {
      str(x, out, conversation ? slot::co_last_name : slot::owner_last_name);
    } else if (k == "email") {
      str(x, out, conversation ? slot::co_email : slot::owner_email);
    } else if (k == "status") {
      str(x, out, conversation ? slot::co_status : slot::owner_status);
    } else if (!conversation && k == "role_name") {
      str(x, out, slot::owner_role_name);
    } else if (!conversation && k == "timezone") {
      str(x, out, slot::owner_timezone);
    }
  }

  bool conversation_data(od::object& data, sink& out) {
    for (auto f : data) {
      od::field field;
      if (std::move(f).get(field)) { return false; }
      od::raw_json_string k = field.key();
      od::value v = field.value();
      if (k == "id") {
        str(v, out, slot::c_id);
      } else if (k == "object") {
        str(v, out, slot::c_object);
      } else if (k == "creation_time") {
        time(v, out, slot::c_creation_time);
      } else if (k == "initiated_by") {
        str(v, out, slot::c_initiated_by);
      } else if (k == "last_updated_time") {
        time(v, out, slot::c_last_updated_time);
      } else if (k == "last_interacted_time") {
        time(v, out, slot::c_last_interacted_time);
      } else if (k == "contact") {
        each_field(v, [&](od::raw_json_string kk, od::value& x) { contact(kk, x, out); });
      } else if (k == "owner") {
        each_field(v, [&](od::raw_json_string kk, od::value& x) { user(kk, x, out, true); });
      } else if (k == "status") {
        str(v, out, slot::c_status);
      } else if (k == "bot") {
        each_field(v, [&](od::raw_json_string kk, od::value& x) {
          if (kk == "id") {
            str(x, out, slot::bot_id);
          } else if (kk == "object") {
            str(x, out, slot::bot_object);
          } else if (kk == "name") {
            str(x, out, slot::bot_name);
          }
        });
      } else if (k == "website") {
        each_field(v, [&](od::raw_json_string kk, od::value& x) {
          if (kk == "id") {
            str(x, out, slot::web_id);
          } else if (kk == "object") {
            str(x, out, slot::web_object);
          } else if (kk == "name") {
            str(x, out, slot::web_name);
          } else if (kk == "url") {
            str(x, out, slot::web_url);
          }
        });
      } else if (k == "audience") {
        str(v, out, slot::c_audience);
      } else if (k == "answers") {
        static constexpr slot ids[] = {slot::a_id_0, slot::a_id_1, slot::a_id_2};
        static constexpr slot labels[] = {slot::a_label_0, slot::a_label_1, slot::a_label_2};
        static constexpr slot questions[] = {slot::a_question_0, slot::a_question_1, slot::a_question_2};
        static constexpr slot values[] = {slot::a_value_0, slot::a_value_1, slot::a_value_2};
        each_element(v, [&](std::size_t i, od::value& item) {
          if (i >= 3) { return; }
          each_field(item, [&](od::raw_json_string kk, od::value& x) {
            if (kk == "id") {
              str(x, out, ids[i]);
            } else if (kk == "internal_label") {
              str(x, out, labels[i]);
            } else if (kk == "question") {
              str(x, out, questions[i]);
            } else if (kk == "value") {
              str(x, out, values[i]);
            }
          });
        });
      } else if (k == "bookings") {
        each_element(v, [&](std::size_t i, od::value& x) {
          if (i == 0) { str(x, out, slot::c_bookings_0); }
        });
      }
    }
    return true;
  }

  static void contact(od::raw_json_string k, od::value& x, sink& out) {
    if (k == "object") {
      str(x, out, slot::k_object);
    } else if (k == "id") {
      str(x, out, slot::k_id);
    } else if (k == "creation_time") {
      time(x, out, slot::k_creation_time);
    } else if (k == "last_updated_time") {
      time(x, out, slot::k_last_updated_time);
    } else if (k == "last_interacted_time") {
      time(x, out, slot::k_last_interacted_time);
    } else if (k == "owner") {
      str(x, out, slot::k_owner);
    } else if (k == "status") {
      str(x, out, slot::k_status);
    } else if (k == "city") {
      str(x, out, slot::k_city);
    } else if (k == "company_size") {
      str(x, out, slot::k_company_size);
    } else if (k == "company") {
      str(x, out, slot::k_company);
    } else if (k == "country") {
      str(x, out, slot::k_country);
    } else if (k == "email") {
      str(x, out, slot::k_email);
    } else if (k == "employees") {
      integer(x, out, slot::k_employees);
    } else if (k == "first_name") {
      str(x, out, slot::k_first_name);
    } else if (k == "has_consent") {
      boolean(x, out, slot::k_has_consent);
    } else if (k == "job_title") {
      str(x, out, slot::k_job_title);
    } else if (k == "last_name") {
      str(x, out, slot::k_last_name);
    } else if (k == "mobile_phone") {
      str(x, out, slot::k_mobile_phone);
    } else if (k == "phone") {
      str(x, out, slot::k_phone);
    } else if (k == "post_code") {
      str(x, out, slot::k_post_code);
    } else if (k == "salutation") {
      str(x, out, slot::k_salutation);
    } else if (k == "state") {
      str(x, out, slot::k_state);
    } else if (k == "street_address") {
      str(x, out, slot::k_street_address);
    } else if (k == "terms_of_sevice") {
      boolean(x, out, slot::k_terms_of_sevice);
    } else if (k == "timezone") {
      str(x, out, slot::k_timezone);
    } else if (k == "custom_fields") {
      static constexpr slot names[] = {slot::k_cf_name_0};
      static constexpr slot values[] = {slot::k_cf_value_0};
      custom_fields(x, out, names, values, 1);
    }
  }

  od::parser parser_;
};

/// stage 1 only: what every simdjson decoder pays before reading a single value.
class stage1_decoder {
 public:
  bool decode(const payload& p) {
    od::document doc;
    return parser_.iterate(p.padded).get(doc) == simdjson::SUCCESS;
  }

 private:
  od::parser parser_;
};

/// Compares a decoder's values with the reference; returns "" or the first difference.
inline std::string compare(const sink& reference, const sink& candidate, bool booking) {
  for (const slot_info& info : slots_for(booking)) {
    const value& a = reference.v[static_cast<std::size_t>(info.id)];
    const value& b = candidate.v[static_cast<std::size_t>(info.id)];
    if (a.what != b.what || a.s != b.s || a.i != b.i || a.millis != b.millis) {
      return std::string(info.path) + ": reference '" + std::string(a.s) + "'/" + std::to_string(a.i) + " (" +
             std::to_string(a.what) + ") vs '" + std::string(b.s) + "'/" + std::to_string(b.i) + " (" +
             std::to_string(b.what) + ")";
    }
  }
  return "";
}

}  // namespace bench

#endif  // ONCEHUB_WEBHOOKS_BENCH_DECODERS_HPP
