"""Kiln from Python: compile a model to native code and call it on numpy
arrays.

    import kiln, torchvision, torch
    model = kiln.compile(torchvision.models.resnet18(),
                         example_inputs=torch.randn(1, 3, 224, 224))
    logits = model(torch.randn(1, 3, 224, 224).numpy())

The compiler runs in this process (libkiln_compiler.so, the library behind
kiln-compile); the result is a shared library with Kiln's C runtime,
loaded here. See docs/python.md.
"""

from ._compiler import compile, compile_training
from ._model import (Benchmark, CompiledModel, TensorInfo, TrainingStep,
                     load)
from ._native import CompileError, InputError, KilnError, NonFiniteError

__all__ = ["compile", "compile_training", "load", "CompiledModel",
           "TrainingStep", "TensorInfo", "Benchmark", "KilnError",
           "CompileError", "InputError", "NonFiniteError"]
