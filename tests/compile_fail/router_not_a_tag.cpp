// expect-error: Tag must be an event tag
// Only event tags and family tags can be routed.
#include <oncehub/webhooks.hpp>
namespace wh = oncehub::webhooks;
struct not_a_tag {
  static constexpr std::string_view name = "x";
};
void f(wh::router& r) {
  r.on<not_a_tag>([](const auto&) {});
}
