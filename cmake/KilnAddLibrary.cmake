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

# kiln_add_pass_tablegen(TARGET NAME DOC HEADERS... DESTINATION dir)
# The generated declarations of one Passes.td (`${TARGET}PassIncGen`,
# registered as register${NAME}Passes), its Markdown reference `${DOC}.md`
# (`${TARGET}PassDocGen`, gathered by docs/CMakeLists.txt), and the
# installed headers.
function(kiln_add_pass_tablegen target name doc)
  cmake_parse_arguments(ARG "" "DESTINATION" "HEADERS" ${ARGN})
  set(LLVM_TARGET_DEFINITIONS Passes.td)
  mlir_tablegen(Passes.h.inc -gen-pass-decls -name ${name})
  add_public_tablegen_target(${target}PassIncGen)
  mlir_tablegen(${doc}.md -gen-pass-doc)
  add_public_tablegen_target(${target}PassDocGen)
  install(FILES ${ARG_HEADERS} ${CMAKE_CURRENT_BINARY_DIR}/Passes.h.inc
    DESTINATION ${ARG_DESTINATION})
endfunction()
