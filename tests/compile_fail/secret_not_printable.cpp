// expect-error: deleted function
// Secrets cannot be streamed into logs by accident.
#include <iostream>
#include <oncehub/webhooks/signature.hpp>
void f(const oncehub::webhooks::secret& s) { std::cout << s; }
