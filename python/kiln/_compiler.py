"""kiln.compile and kiln.compile_training: a model in any of its forms to
kiln-compile's command line, run in process by libkiln_compiler.so."""

import os
import tempfile

import numpy as np

from . import _native
from ._model import CompiledModel, TrainingStep, _Artifact
from ._native import CompileError

# Options the package sets itself.
_RESERVED = {"o", "emit", "header", "compile_to", "compile_from", "train"}


def _flag_args(options, workdir):
    """Keyword options to kiln-compile flags: `remat_budget="50%"` is
    `--remat-budget=50%`, True `--flag=true`, a dict one flag per entry
    (`input_shape={"x": (1, 3)}` is `--input-shape=x=1x3`), numpy arrays in
    `static_input` are written to .npy files first."""
    args = []
    for key, value in options.items():
        if key in _RESERVED:
            raise TypeError("kiln.compile sets --%s itself" %
                            key.replace("_", "-"))
        if value is None:
            continue
        flag = "--" + key.replace("_", "-")
        if isinstance(value, bool):
            # Always with a value: a bare flag would take the next
            # argument as its value if the option is not a boolean.
            args.append(flag + ("=true" if value else "=false"))
        elif isinstance(value, dict):
            for name, item in value.items():
                if key == "static_input" and not isinstance(item, (str,
                                                                   os.PathLike)):
                    path = os.path.join(workdir, "static-%d.npy" % len(args))
                    np.save(path, np.asarray(item))
                    item = path
                elif isinstance(item, (tuple, list)):
                    item = "x".join(str(int(d)) for d in item)
                args.append("%s=%s=%s" % (flag, name, os.fspath(item)
                                          if isinstance(item, os.PathLike)
                                          else item))
        elif isinstance(value, (list, tuple)):
            args.extend("%s=%s" % (flag, item) for item in value)
        else:
            args.append("%s=%s" % (flag, os.fspath(value) if isinstance(
                value, os.PathLike) else value))
    return args


def _is_torch_module(model):
    try:
        import torch
    except ImportError:
        return False
    return isinstance(model, torch.nn.Module)


def _export_torch(model, example_inputs, workdir, opset):
    """Exports a torch.nn.Module through torch.onnx (in eval mode, as
    users export for inference)."""
    import torch
    if example_inputs is None:
        raise TypeError("compiling a torch.nn.Module needs example_inputs "
                        "(a tensor or a tuple of tensors)")
    if not isinstance(example_inputs, (tuple, list)):
        example_inputs = (example_inputs,)
    example_inputs = tuple(
        x if isinstance(x, torch.Tensor) else torch.as_tensor(np.asarray(x))
        for x in example_inputs)
    path = os.path.join(workdir, "model.onnx")
    names = ["input%d" % i if len(example_inputs) > 1 else "input"
             for i in range(len(example_inputs))]
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            torch.onnx.export(model, example_inputs, path, input_names=names,
                              opset_version=opset, do_constant_folding=True)
    finally:
        model.train(was_training)
    return path


def _model_file(model, example_inputs, workdir, opset):
    """The file kiln-compile reads for `model`."""
    if isinstance(model, os.PathLike):
        model = os.fspath(model)
    if isinstance(model, str):
        text = model.lstrip()
        if text.startswith(("module", "func.func", "#", "//", "kiln.")) or \
                "\n" in model:
            path = os.path.join(workdir, "model.mlir")
            with open(path, "w") as f:
                f.write(model)
            return path
        if not os.path.exists(model):
            raise FileNotFoundError("no such model file: %s" % model)
        return model
    if isinstance(model, (bytes, bytearray)):
        path = os.path.join(workdir, "model.onnx")
        with open(path, "wb") as f:
            f.write(model)
        return path
    if type(model).__name__ == "ModelProto" and hasattr(
            model, "SerializeToString"):
        path = os.path.join(workdir, "model.onnx")
        with open(path, "wb") as f:
            f.write(model.SerializeToString())
        return path
    if _is_torch_module(model):
        return _export_torch(model, example_inputs, workdir, opset)
    raise TypeError("kiln.compile takes an ONNX file path, an "
                    "onnx.ModelProto, Kiln IR text or a torch.nn.Module; "
                    "given %s" % type(model).__name__)


def _compile_library(model, example_inputs, target, extra, options,
                     progress, opset):
    workdir = tempfile.mkdtemp(prefix="kiln-")
    try:
        source = _model_file(model, example_inputs, workdir, opset)
        library = os.path.join(workdir, "libmodel.so")
        weights = options.pop("weights", None)
        weights_path = None
        args = [source, "--emit=shared", "-o", library, "--target=" + target]
        if weights:
            weights_path = os.path.join(workdir, "model.weights")
            args.append("--weights=" + weights_path)
        args += extra + _flag_args(options, workdir)
        if progress:
            args.append("--progress")
        status, diagnostics = _native.run_compiler(args, echo=progress)
        generated = os.path.join(workdir, "model.mlir")
        # IR text has no file of its own: name it as Python names code
        # given as a string.
        diagnostics = diagnostics.replace(generated, "<string>")
        if status != 0:
            lines = [l for l in diagnostics.splitlines() if l.strip()]
            errors = [l for l in lines if "error" in l] or lines
            raise CompileError(errors[0] if errors else
                               "kiln-compile failed with status %d" % status,
                               diagnostics)
        return _Artifact(library, weights_path, workdir)
    except BaseException:
        import shutil
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def compile(model, target="cpu", example_inputs=None, threads=0,
            progress=False, opset=17, **options):
    """Compiles `model` and returns a CompiledModel.

    `model` is an ONNX file path, an onnx.ModelProto (or its bytes), Kiln IR
    text (or a .mlir path), or a torch.nn.Module with `example_inputs`
    (exported through torch.onnx at `opset`). Every other keyword is a
    kiln-compile option with '-' written '_' (`kiln-compile --help`):
    `input_shape={"x": (1, 128)}`, `static_input={"shape": array}`,
    `target_cpu="host"`, `entry="main"`, `weights=True` (a side file).
    `threads` sets the session's thread count (0: one per core). Raises
    kiln.CompileError with Kiln's diagnostic when the model does not
    compile.
    """
    artifact = _compile_library(model, example_inputs, target, [],
                                dict(options), progress, opset)
    models = _native.library_models(artifact.lib)
    return CompiledModel(artifact, models[0], threads)


def compile_training(model, loss="cross_entropy", optimizer="adamw",
                     target="cpu", example_inputs=None, threads=0,
                     progress=False, opset=17, **options):
    """Compiles a training step of `model` (the forms kiln.compile takes):
    `loss` ("cross_entropy" against int64 labels, or "mse") on its first
    output, gradients, and `optimizer` ("sgd" or "adamw") updating every
    parameter (the ONNX initializers, or the torch module's parameters).
    Options: lr, momentum, nesterov, weight_decay, beta1, beta2, epsilon,
    remat_budget, and kiln-compile's others. Returns a TrainingStep."""
    artifact = _compile_library(
        model, example_inputs, target,
        ["--train", "--loss=" + loss, "--optimizer=" + optimizer],
        dict(options), progress, opset)
    return TrainingStep(artifact, threads)
