// SPDX-License-Identifier: MIT
/// @file
/// The hand-written On-Demand decoder: the best simdjson 3.0.1 On-Demand does by hand for
/// these payloads, the reference oncehub is measured against.
#ifndef ONCEHUB_WEBHOOKS_BENCH_DECODERS_HANDWRITTEN_HPP
#define ONCEHUB_WEBHOOKS_BENCH_DECODERS_HANDWRITTEN_HPP

#include <simdjson.h>

#include "common.hpp"

namespace bench {

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
      if (f.error()) { return false; }
      od::field& field = f.value_unsafe();  // by reference: no copy for g++ to stall on
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
      if (f.error()) { return false; }
      od::field& field = f.value_unsafe();  // by reference: no copy for g++ to stall on
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
      if (f.error()) { return false; }
      od::field& field = f.value_unsafe();  // by reference: no copy for g++ to stall on
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
      if (f.error()) { return false; }
      od::field& field = f.value_unsafe();  // by reference: no copy for g++ to stall on
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

}  // namespace bench

#endif  // ONCEHUB_WEBHOOKS_BENCH_DECODERS_HANDWRITTEN_HPP
