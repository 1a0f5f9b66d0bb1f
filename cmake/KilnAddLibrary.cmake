# kiln_add_library(name SOURCES... [DEPENDS ...] [LINK_LIBS ...])
# One Kiln component library: built static (position independent, so the
# plugin can absorb it), linked against the shared libMLIR.so, exported in
# the KilnTargets CMake package.
function(kiln_add_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;LINK_LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON
    ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_link_libraries(${name} PUBLIC ${ARG_LINK_LIBS} ${KILN_MLIR_LIBS})
  target_include_directories(${name} PUBLIC
    $<INSTALL_INTERFACE:include>)
  set_property(GLOBAL APPEND PROPERTY KILN_EXPORTED_LIBS ${name})
  install(TARGETS ${name} EXPORT KilnTargets ARCHIVE DESTINATION lib)
endfunction()
