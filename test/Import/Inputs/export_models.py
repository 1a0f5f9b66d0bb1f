#!/usr/bin/python3
"""Exports torch models to ONNX with reference inputs and outputs.

  export_models.py OUTDIR [NAME ...]   writes NAME.onnx, NAME_x.npy, NAME_y.npy
                                       (default: the small mlp and cnn)
  export_models.py compare GOT EXPECTED TOLERANCE

NAME is mlp, cnn, or a torchvision model (resnet18, mobilenet_v2).

Fixed seeds and random weights; batch norms get non-trivial statistics.
The reference outputs are torch's, in float64 (the models are converted
to double for the reference run)."""
import sys

import numpy as np
import torch
import torch.nn.functional as F


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(20, 32)
        self.fc2 = torch.nn.Linear(32, 10)

    def forward(self, x):
        return torch.softmax(self.fc2(torch.tanh(self.fc1(x))), -1)


class Cnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.c2 = torch.nn.Conv2d(8, 16, 3, stride=2, padding=1, groups=2)
        self.fc = torch.nn.Linear(16, 10)

    def forward(self, x):
        x = F.relu(self.bn(self.c1(x)))
        x = F.max_pool2d(x, 2)
        x = F.relu(self.c2(x))
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)


MODELS = {"mlp": (Mlp, (4, 20)), "cnn": (Cnn, (2, 3, 16, 16))}


def vision_model(name):
    import torchvision  # only the vision models need it
    return getattr(torchvision.models, name)(weights=None)


def export(outdir, names):
    for name in names or MODELS:
        cls, shape = MODELS.get(name, (lambda: vision_model(name),
                                       (1, 3, 224, 224)))
        torch.manual_seed(0)
        model = cls().eval()
        with torch.no_grad():
            for module in model.modules():
                if isinstance(module, torch.nn.BatchNorm2d):
                    module.running_mean.uniform_(-0.5, 0.5)
                    module.running_var.uniform_(0.5, 2)
                    module.weight.data.uniform_(0.5, 1.5)
                    module.bias.data.uniform_(-0.2, 0.2)
        x = torch.randn(*shape)
        torch.onnx.export(model, x, f"{outdir}/{name}.onnx", opset_version=13,
                          input_names=["x"], output_names=["y"])
        with torch.no_grad():
            y = model.double()(x.double())
        np.save(f"{outdir}/{name}_x.npy", x.numpy())
        np.save(f"{outdir}/{name}_y.npy", y.numpy())


def compare(got, expected, tolerance):
    a, b = np.load(got).astype(np.float64), np.load(expected)
    if a.shape != b.shape:
        sys.exit(f"shape {a.shape} != expected {b.shape}")
    error = np.abs(a - b).max() / max(np.abs(b).max(), 1e-30)
    print(f"normalized max error {error:.3g} (tolerance {tolerance})")
    if not error <= float(tolerance):
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1] == "compare":
        compare(*sys.argv[2:5])
    else:
        export(sys.argv[1], sys.argv[2:])
