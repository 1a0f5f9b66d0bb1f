"""Compiled models and training steps: a compiled shared library run
through the Kiln runtime's sessions."""

import collections
import ctypes
import os
import shutil
import statistics
import threading
import weakref

import numpy as np

from . import _native
from ._native import InputError, KilnError

TensorInfo = collections.namedtuple("TensorInfo", ["name", "shape", "dtype"])
TensorInfo.__doc__ = """One input or output: its name, shape (a tuple) and
dtype (a numpy dtype; bfloat16 is the 2-byte void 'V2')."""

# The outputs kiln-compile --check-finite adds (kiln-check-finite).
_CHECK_OUTPUTS = ("kiln.first_nonfinite", "kiln.nonfinite_sites")


def _raise_if_nonfinite(outputs):
    first = int(outputs["kiln.first_nonfinite"])
    if first < 0:
        return
    sites = outputs["kiln.nonfinite_sites"].tobytes().split(b"\0")
    site = sites[first].decode() if first < len(sites) else "?"
    raise _native.NonFiniteError(
        "non-finite value (NaN or infinity) first produced by " + site)


Benchmark = collections.namedtuple(
    "Benchmark", ["median_ms", "min_ms", "mean_ms", "runs", "peak_bytes"])


def _describe(desc):
    return TensorInfo(desc.name.decode(),
                      tuple(desc.shape[d] for d in range(desc.rank)),
                      _native.DTYPES[desc.dtype])


def _dtype_name(dtype):
    return "bfloat16" if dtype == np.dtype("V2") else str(dtype)


def _as_array(value, info, what):
    """`value` (numpy array, torch tensor, nested lists, scalar) as a
    C-contiguous array of `info`'s dtype and shape, or InputError."""
    if type(value).__module__.startswith("torch"):
        import torch
        value = value.detach().cpu()
        if value.dtype == torch.bfloat16:
            value = value.view(torch.int16).numpy().view("V2")
        else:
            value = value.numpy()
    array = np.asarray(value)
    if info.dtype == np.dtype("V2") and array.dtype in (np.uint16, np.int16):
        array = array.view("V2")
    if array.dtype != info.dtype:
        # Python scalars and lists take the model's type when exact.
        if not isinstance(value, np.ndarray) and array.dtype.kind in "iufb" \
                and info.dtype.kind in "iufb":
            converted = array.astype(info.dtype)
            if np.array_equal(converted, array):
                array = converted
    if array.dtype != info.dtype or array.shape != info.shape:
        raise InputError(
            "%s '%s' expects %s %s, given %s %s" %
            (what, info.name, _dtype_name(info.dtype), list(info.shape),
             _dtype_name(array.dtype), list(array.shape)))
    return np.ascontiguousarray(array)


def _tensor(array, dtype_code):
    shape = (ctypes.c_int64 * max(array.ndim, 1))(*array.shape)
    return _native.Tensor(dtype_code, array.ndim, shape,
                          array.ctypes.data_as(ctypes.c_void_p)), shape


class _Session:
    """One kiln_session over a descriptor of a loaded library."""

    def __init__(self, lib, desc, threads, weights_path):
        self.lib = lib
        self.desc = desc
        error = ctypes.create_string_buffer(256)
        if lib.kiln_model_check(desc, error, len(error)) != 0:
            raise KilnError(error.value.decode())
        self._weights = os.fsencode(weights_path) if weights_path else None
        options = _native.SessionOptions(int(threads or 0), self._weights)
        self.handle = lib.kiln_session_create(desc, ctypes.byref(options))
        if not self.handle:
            raise MemoryError("cannot create a Kiln session for '%s'" %
                              desc.contents.name.decode())
        error = lib.kiln_session_error(self.handle)
        if error:
            lib.kiln_session_destroy(self.handle)
            raise (MemoryError if error.startswith(b"cannot allocate")
                   else KilnError)(error.decode())
        self.lock = threading.Lock()
        self._finalizer = weakref.finalize(self, lib.kiln_session_destroy,
                                           self.handle)

    def bind(self, inputs, outputs):
        """The C tensors of arrays already checked against the descriptor:
        a callable that runs the session on them."""
        d = self.desc.contents
        keep = []
        c_in = (_native.Tensor * max(len(inputs), 1))()
        for i, array in enumerate(inputs):
            c_in[i], shape = _tensor(array, d.inputs[i].dtype)
            keep.append(shape)
        c_out = (_native.Tensor * max(len(outputs), 1))()
        for i, array in enumerate(outputs):
            c_out[i], shape = _tensor(array, d.outputs[i].dtype)
            keep.append(shape)
        run, handle = self.lib.kiln_session_run, self.handle
        counts = (len(inputs), len(outputs))

        def call():
            with self.lock:
                if run(handle, c_in, counts[0], c_out, counts[1]) != 0:
                    raise InputError(
                        self.lib.kiln_session_error(handle).decode())
        # The C tensors point into these: they live as long as the call.
        call.buffers = (keep, list(inputs), list(outputs))
        return call

    def run(self, inputs, outputs):
        """Runs on arrays already checked against the descriptor."""
        self.bind(inputs, outputs)()

    def peak_bytes(self):
        return self.lib.kiln_session_peak_bytes(self.handle)


class _Artifact:
    """A compiled library on disk and, when it was compiled into a
    temporary directory, that directory's removal with the last user."""

    def __init__(self, path, weights_path=None, temporary_dir=None):
        self.path = path
        self.weights_path = weights_path
        self.lib = _native.load_model_library(path)
        if temporary_dir:
            self._cleanup = weakref.finalize(self, shutil.rmtree,
                                             temporary_dir, True)

    def save(self, path):
        """Copies the library (and its weights file, as PATH.weights)."""
        path = os.fspath(path)
        temporary = path + ".tmp%d" % os.getpid()
        shutil.copyfile(self.path, temporary)
        os.replace(temporary, path)
        if self.weights_path:
            shutil.copyfile(self.weights_path, temporary)
            os.replace(temporary, path + ".weights")


class CompiledModel:
    """A model compiled for the CPU: call it on numpy arrays (or torch
    tensors) in the order of `.inputs`; it returns one numpy array per
    output (the array itself when there is one output, else a tuple)."""

    def __init__(self, artifact, desc, threads=0):
        self._artifact = artifact
        self._desc = desc
        d = desc.contents
        self.name = d.name.decode()
        self.inputs = [_describe(d.inputs[i]) for i in range(d.num_inputs)]
        # check_finite=True adds two outputs the model reads itself.
        self._all_outputs = [_describe(d.outputs[i])
                             for i in range(d.num_outputs)]
        self.outputs = [t for t in self._all_outputs
                        if t.name not in _CHECK_OUTPUTS]
        weights = artifact.weights_path if d.weights_bytes > 0 else None
        if d.weights_bytes > 0 and not weights:
            raise KilnError("'%s' maps a %d-byte weights file that was not "
                            "found" % (self.name, d.weights_bytes))
        self._session = _Session(artifact.lib, desc, threads, weights)

    @property
    def path(self):
        """The shared library's path."""
        return self._artifact.path

    def __repr__(self):
        def fmt(infos):
            return ", ".join("%s: %s%s" % (t.name, _dtype_name(t.dtype),
                                           list(t.shape)) for t in infos)
        return "<kiln.CompiledModel %s (%s) -> (%s)>" % (
            self.name, fmt(self.inputs), fmt(self.outputs))

    def _check(self, args, kwargs):
        if kwargs:
            by_name = {t.name: i for i, t in enumerate(self.inputs)}
            unknown = [k for k in kwargs if k not in by_name]
            if unknown:
                raise InputError("'%s' has no input named %s; its inputs are "
                                 "%s" % (self.name, ", ".join(unknown),
                                         [t.name for t in self.inputs]))
            merged = list(args) + [None] * (len(self.inputs) - len(args))
            for key, value in kwargs.items():
                if by_name[key] < len(args):
                    raise InputError("input '%s' given twice" % key)
                merged[by_name[key]] = value
            missing = [t.name for t, v in zip(self.inputs, merged) if v is None]
            if missing:
                raise InputError("'%s' is missing input(s) %s" %
                                 (self.name, ", ".join(missing)))
            args = merged
        if len(args) != len(self.inputs):
            raise InputError("'%s' takes %d input(s) (%s), given %d" %
                             (self.name, len(self.inputs),
                              ", ".join(t.name for t in self.inputs),
                              len(args)))
        return [_as_array(v, info, "input")
                for v, info in zip(args, self.inputs)]

    def run(self, *args, **kwargs):
        """Like calling the model, but always returns a list."""
        inputs = self._check(args, kwargs)
        outputs = [np.empty(t.shape, t.dtype) for t in self._all_outputs]
        self._session.run(inputs, outputs)
        if len(outputs) != len(self.outputs):
            _raise_if_nonfinite(dict(zip((t.name for t in self._all_outputs),
                                         outputs)))
            outputs = [a for t, a in zip(self._all_outputs, outputs)
                       if t.name not in _CHECK_OUTPUTS]
        return outputs

    def __call__(self, *args, **kwargs):
        outputs = self.run(*args, **kwargs)
        return outputs[0] if len(outputs) == 1 else tuple(outputs)

    def benchmark(self, n=50, *args, warmup=3):
        """Times `n` runs (on the given inputs, or zeros of the right
        shape), the inputs converted once, as the executables' --bench
        does: median, min and mean milliseconds, and the session's peak
        scratch bytes. A call from Python costs the conversion on top
        (docs/benchmarks.md)."""
        inputs = self._check(args, {}) if args else [
            np.zeros(t.shape, t.dtype) for t in self.inputs]
        outputs = [np.empty(t.shape, t.dtype) for t in self._all_outputs]
        # The arguments are converted once: what is timed is the model's
        # run (and one ctypes call), as the executables' --bench times it.
        call = self._session.bind(inputs, outputs)
        now = self._artifact.lib.kiln_now_seconds
        for _ in range(warmup):
            call()
        times = []
        for _ in range(max(1, int(n))):
            start = now()
            call()
            times.append((now() - start) * 1e3)
        return Benchmark(statistics.median(times), min(times),
                         statistics.fmean(times), len(times),
                         self._session.peak_bytes())

    @property
    def num_threads(self):
        return self._artifact.lib.kiln_session_num_threads(
            self._session.handle)

    def save(self, path):
        """Writes the shared library to `path` (weights, when compiled with
        weights=True, to PATH.weights); kiln.load(path) reads it back, and
        C programs link it with the header kiln-compile writes."""
        self._artifact.save(path)


class TrainingStep:
    """A compiled training step (kiln.compile_training): `.step(x, y)`
    runs one optimizer step on a batch and returns the loss; parameters and
    optimizer state live in this object, updated in place."""

    def __init__(self, artifact, threads=0):
        lib = artifact.lib
        self._artifact = artifact
        step = _native.find_model(lib, "kiln_train_step")
        init = _native.find_model(lib, "kiln_train_init")
        if step is None or init is None:
            raise KilnError("%s is not a training library (compile with "
                            "train=True)" % artifact.path)
        self._num_params = ctypes.c_int64.in_dll(
            lib, "kiln_train_num_params").value
        self._step = _Session(lib, step, threads, None)
        init_session = _Session(lib, init, threads, None)
        i = init.contents
        self._state_info = [_describe(i.outputs[k])
                            for k in range(i.num_outputs)]
        self._state = [np.zeros(t.shape, t.dtype) for t in self._state_info]
        init_session.run([], self._state)
        s = step.contents
        n = len(self._state)
        self.inputs = [_describe(s.inputs[k])
                       for k in range(n, s.num_inputs)]
        self._loss_info = _describe(s.outputs[0])
        self.steps = 0

    def step(self, *batch):
        """One step on a batch: the model's inputs, then the target.
        Returns the loss as a Python float."""
        if len(batch) != len(self.inputs):
            raise InputError("the training step takes %d array(s) (%s), "
                             "given %d" % (len(self.inputs), ", ".join(
                                 t.name for t in self.inputs), len(batch)))
        arrays = [_as_array(v, info, "input")
                  for v, info in zip(batch, self.inputs)]
        loss = np.empty(self._loss_info.shape, self._loss_info.dtype)
        self._step.run(self._state + arrays, [loss])
        self.steps += 1
        return float(loss.reshape(-1)[0])

    def parameters(self):
        """The trained parameters by name (copies)."""
        return collections.OrderedDict(
            (t.name, a.copy()) for t, a in
            zip(self._state_info[:self._num_params],
                self._state[:self._num_params]))

    def peak_bytes(self):
        """The step's scratch arena high-water mark."""
        return self._step.peak_bytes()


def load(path, threads=0, weights=None):
    """Loads a library that CompiledModel.save (or kiln-compile
    --emit=shared) wrote: a CompiledModel, or a TrainingStep for a
    training library."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError("no such Kiln library: %s" % path)
    if weights is None and os.path.exists(path + ".weights"):
        weights = path + ".weights"
    artifact = _Artifact(path, weights)
    if _native.find_model(artifact.lib, "kiln_train_step") is not None:
        return TrainingStep(artifact, threads)
    models = _native.library_models(artifact.lib)
    if len(models) != 1:
        raise KilnError("%s holds %d models; kiln.load expects one" %
                        (path, len(models)))
    return CompiledModel(artifact, models[0], threads)
