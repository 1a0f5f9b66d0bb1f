# lit configuration of the Kiln regression tests.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Kiln"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "Unit", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kiln_obj_root, "test")

# FileCheck variables defined in one CHECK-LABEL block do not leak into the
# next one.
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%kiln_src_root", config.kiln_src_root))
config.substitutions.append(("%kiln_obj_root", config.kiln_obj_root))
config.substitutions.append(("%kiln_libs", config.kiln_lib_dir))
config.substitutions.append(("%kiln_bin", config.kiln_tools_dir))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%cxx", config.cmake_cxx_compiler))
config.substitutions.append(("%cc", config.cmake_c_compiler))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP",
                                     "ASAN_OPTIONS", "UBSAN_OPTIONS"])
llvm_config.use_default_substitutions()
# FileCheck, not, split-file come from Debian's llvm-22-tools.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.kiln_tools_dir, config.mlir_tools_dir,
             config.llvm_tools_dir]
tools = [
    "kiln-opt",
    "kiln-compile",
    "kiln-run",
    "kiln-import",
    ToolSubst("mlir-opt", unresolved="fatal"),
    ToolSubst("%kiln-unittests",
              command=os.path.join(config.kiln_obj_root, "unittests",
                                   "KilnUnitTests")),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# End-to-end numeric tests: test/E2E/e2e.py runs a function with kiln-run or
# a kiln-compile executable and compares with numpy/torch in Debian's Python.
config.substitutions.append(
    ("%e2e", "/usr/bin/python3 {} --kiln-run {} --kiln-compile {}".format(
        os.path.join(config.kiln_src_root, "test", "E2E", "e2e.py"),
        os.path.join(config.kiln_tools_dir, "kiln-run"),
        os.path.join(config.kiln_tools_dir, "kiln-compile"))))

# Loading a plugin into stock mlir-opt and building the downstream example
# are not meaningful in a sanitizer build (mlir-opt is not instrumented).
if config.kiln_asan not in ("ON", "1", "TRUE"):
    config.available_features.add("plugin")
    config.available_features.add("downstream")

# Gradient and training checks (test/Transforms/Autodiff): gradcheck.py
# differentiates a function with kiln-opt and compares with torch autograd
# or with finite differences of the forward function; train_check.py runs a
# --kiln-make-train-step loop against torch.optim.
for name, script in (("%gradcheck", "gradcheck.py"),
                     ("%traincheck", "train_check.py")):
    config.substitutions.append(
        (name, "/usr/bin/python3 {} --kiln-opt {} --kiln-run {}".format(
            os.path.join(config.kiln_src_root, "test", "Transforms",
                         "Autodiff", script),
            os.path.join(config.kiln_tools_dir, "kiln-opt"),
            os.path.join(config.kiln_tools_dir, "kiln-run"))))

# The fuzz targets (test/Fuzz) need libFuzzer: Debian's libclang-rt-22-dev,
# which scripts/setup.sh installs.
if os.path.exists("/usr/lib/llvm-22/lib/clang/22/lib/linux/"
                  "libclang_rt.fuzzer-x86_64.a"):
    config.available_features.add("fuzzer")
config.excludes.append("regressions")

# The formatting check (test/Format) needs clang-format-22 (scripts/setup.sh
# installs it) and the sources as a git checkout.
import shutil
if shutil.which("clang-format-22"):
    config.available_features.add("clang-format")
if os.path.isdir(os.path.join(config.kiln_src_root, ".git")):
    config.available_features.add("git-checkout")
