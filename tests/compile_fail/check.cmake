# Compiles one source that must (or must not) compile and checks the diagnostic.
# -DCOMPILER=... -DSOURCE=... -DINCLUDE=... ; the source's first line says what to expect:
#   // expect-error: <regex the compiler output must match>
#   // expect-success
file(STRINGS ${SOURCE} first_line LIMIT_COUNT 1)
execute_process(COMMAND ${COMPILER} -std=c++20 -fsyntax-only -I${INCLUDE} ${SOURCE}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(first_line MATCHES "^// expect-success")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "expected ${SOURCE} to compile, it did not:\n${err}")
  endif()
elseif(first_line MATCHES "^// expect-error: (.*)$")
  set(pattern "${CMAKE_MATCH_1}")
  if(status EQUAL 0)
    message(FATAL_ERROR "expected ${SOURCE} not to compile, it did")
  endif()
  if(NOT "${err}" MATCHES "${pattern}")
    message(FATAL_ERROR "the diagnostic of ${SOURCE} does not match '${pattern}':\n${err}")
  endif()
else()
  message(FATAL_ERROR "${SOURCE}: the first line must be '// expect-error: <regex>' or '// expect-success'")
endif()
