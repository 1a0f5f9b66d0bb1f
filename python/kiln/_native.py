"""The two C libraries behind the package, reached through ctypes.

* ``libkiln_compiler.so`` (include/kiln/Compiler/kiln_compiler.h): kiln-compile
  as a library call, so a compile runs in this process.
* A compiled model's shared library (``kiln-compile --emit=shared``): the
  model's descriptors and the Kiln runtime's C API
  (include/kiln/Runtime/kiln_runtime.h), whose structs are mirrored here.

ctypes rather than a compiled extension: the C APIs are small and stable,
ctypes ships with Python, and the package then needs no build against one
Python's headers (Debian's /usr/bin/python3 or any other works the same).
"""

import ctypes
import os

import numpy as np

from ._paths import LIBRARY_DIR


class KilnError(Exception):
    """Base class of the errors Kiln raises."""


class CompileError(KilnError):
    """A model did not compile; the message is Kiln's diagnostic
    (file:line:col, or the ONNX node's name and type)."""

    def __init__(self, message, diagnostics=""):
        super().__init__(message)
        self.diagnostics = diagnostics


class NonFiniteError(KilnError, FloatingPointError):
    """A model compiled with check_finite=True produced a NaN or an
    infinity; the message names the first op that did and its location."""


class InputError(KilnError, ValueError):
    """Inputs that do not match the model: count, dtype or shape."""


# --- the compiler library ------------------------------------------------

_compiler = None


def compiler_library():
    """Loads libkiln_compiler.so once (it keeps libMLIR and libLLVM loaded)."""
    global _compiler
    if _compiler is None:
        path = os.environ.get("KILN_COMPILER_LIBRARY") or os.path.join(
            LIBRARY_DIR, "libkiln_compiler.so")
        if not os.path.exists(path):
            raise KilnError(
                "Kiln's compiler library is missing: %s (build Kiln with "
                "scripts/setup.sh, or set KILN_COMPILER_LIBRARY)" % path)
        lib = ctypes.CDLL(path)
        lib.kiln_compiler_compile.argtypes = [
            ctypes.c_int64, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int,
            ctypes.POINTER(ctypes.c_void_p)]
        lib.kiln_compiler_compile.restype = ctypes.c_int
        lib.kiln_compiler_free.argtypes = [ctypes.c_void_p]
        lib.kiln_compiler_free.restype = None
        _compiler = lib
    return _compiler


def run_compiler(args, echo=False):
    """Runs kiln-compile's command line `args` in process; returns
    (status, diagnostics)."""
    lib = compiler_library()
    argv = (ctypes.c_char_p * len(args))(*[os.fsencode(a) for a in args])
    text = ctypes.c_void_p()
    status = lib.kiln_compiler_compile(len(args), argv, 1 if echo else 0,
                                       ctypes.byref(text))
    diagnostics = ""
    if text.value:
        diagnostics = ctypes.string_at(text.value).decode("utf-8", "replace")
        lib.kiln_compiler_free(text)
    return status, diagnostics


# --- the runtime's C API ---------------------------------------------------

class TensorDesc(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int64),
                ("rank", ctypes.c_int64),
                ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("updated_in_place", ctypes.c_int64)]


class ModelDesc(ctypes.Structure):
    _fields_ = [("abi", ctypes.c_uint64), ("device", ctypes.c_int64),
                ("name", ctypes.c_char_p), ("num_inputs", ctypes.c_int64),
                ("inputs", ctypes.POINTER(TensorDesc)),
                ("num_outputs", ctypes.c_int64),
                ("outputs", ctypes.POINTER(TensorDesc)),
                ("arena_bytes", ctypes.c_int64), ("entry", ctypes.c_void_p),
                ("num_threads", ctypes.c_int64),
                ("weights_bytes", ctypes.c_int64),
                ("weights_file", ctypes.c_char_p)]


class Tensor(ctypes.Structure):
    _fields_ = [("dtype", ctypes.c_int64), ("rank", ctypes.c_int64),
                ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("data", ctypes.c_void_p)]


class SessionOptions(ctypes.Structure):
    _fields_ = [("num_threads", ctypes.c_int32),
                ("weights_path", ctypes.c_char_p)]


# kiln_dtype codes and their numpy types. numpy has no bfloat16: bf16
# tensors are 2-byte voids, as ml_dtypes' bfloat16 saves to .npy
# (`.view(np.uint16)` gives the bits).
DTYPES = {
    0: np.dtype(np.float32), 1: np.dtype(np.float64),
    2: np.dtype(np.float16), 3: np.dtype("V2"), 4: np.dtype(np.int64),
    5: np.dtype(np.int32), 6: np.dtype(np.int8), 7: np.dtype(np.bool_),
    8: np.dtype(np.uint8), 9: np.dtype(np.uint16), 10: np.dtype(np.uint32),
    11: np.dtype(np.uint64), 12: np.dtype(np.int16),
}
DTYPE_NAMES = {0: "float32", 1: "float64", 2: "float16", 3: "bfloat16",
               4: "int64", 5: "int32", 6: "int8", 7: "bool", 8: "uint8",
               9: "uint16", 10: "uint32", 11: "uint64", 12: "int16"}


def load_model_library(path):
    """dlopens a compiled model's shared library and declares the runtime
    functions it carries."""
    lib = ctypes.CDLL(os.path.abspath(path))
    c = ctypes
    signatures = {
        "kiln_model_check": (c.c_int, [c.c_void_p, c.c_char_p, c.c_size_t]),
        "kiln_session_create": (c.c_void_p, [c.c_void_p,
                                             c.POINTER(SessionOptions)]),
        "kiln_session_run": (c.c_int, [c.c_void_p, c.POINTER(Tensor),
                                       c.c_int64, c.POINTER(Tensor),
                                       c.c_int64]),
        "kiln_session_error": (c.c_char_p, [c.c_void_p]),
        "kiln_session_peak_bytes": (c.c_int64, [c.c_void_p]),
        "kiln_session_num_threads": (c.c_int32, [c.c_void_p]),
        "kiln_session_destroy": (None, [c.c_void_p]),
        "kiln_now_seconds": (c.c_double, []),
    }
    for name, (restype, argtypes) in signatures.items():
        try:
            function = getattr(lib, name)
        except AttributeError:
            raise KilnError("%s is not a Kiln model library (it has no %s; "
                            "compile one with kiln-compile --emit=shared)" %
                            (path, name))
        function.restype = restype
        function.argtypes = argtypes
    return lib


def library_models(lib):
    """The descriptors a library lists in `kiln_library_models`."""
    try:
        first = ctypes.c_void_p.in_dll(lib, "kiln_library_models")
    except ValueError:
        raise KilnError("not a Kiln model library (no kiln_library_models; "
                        "compile it with kiln-compile --emit=shared)")
    # The symbol is the array itself: index it from its address.
    array = ctypes.cast(ctypes.addressof(first), ctypes.POINTER(ctypes.c_void_p))
    models = []
    while array[len(models)]:
        models.append(ctypes.cast(array[len(models)],
                                  ctypes.POINTER(ModelDesc)))
    return models


def find_model(lib, symbol):
    """The descriptor named `symbol`, or None."""
    try:
        desc = ModelDesc.in_dll(lib, symbol)
    except ValueError:
        return None
    return ctypes.pointer(desc)
