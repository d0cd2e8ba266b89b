// expect-error: use of deleted function
// A temporary endpoint would take the event's views with it.
#include <oncehub/webhooks/endpoint.hpp>
#include <oncehub/webhooks/signature.hpp>
namespace wh = oncehub::webhooks;
void f(std::string_view body, std::string_view header) {
  auto r = wh::endpoint{wh::verifier{"s"}}.receive(body, header);
}
