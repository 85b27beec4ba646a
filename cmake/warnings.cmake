# Strict warnings for arl's own targets; generated ANTLR code is compiled
# separately without them (see cmake/antlr.cmake).
function(arl_strict_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough)
  if(ARL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
