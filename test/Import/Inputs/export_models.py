#!/usr/bin/python3
"""Exports torch models to ONNX with reference inputs and outputs.

  export_models.py OUTDIR [NAME ...]   writes NAME.onnx, NAME_x.npy, NAME_y.npy
                                       (default: the small mlp and cnn)
  export_models.py compare GOT EXPECTED TOLERANCE

NAME is mlp, wide_mlp, cnn, gpt (a 4-layer GPT-2 style decoder), encoder (torch's
TransformerEncoderLayer) or a torchvision model (resnet18, mobilenet_v2).

Fixed seeds and random weights; batch and layer norms get non-trivial
parameters (and batch norms statistics).
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


class WideMlp(torch.nn.Module):
    """An MLP large enough for its time not to be call overhead: batch 64,
    784 -> 1024 -> 1024 -> 10 with GELU."""

    def __init__(self):
        super().__init__()
        self.layers = torch.nn.Sequential(
            torch.nn.Linear(784, 1024), torch.nn.GELU(),
            torch.nn.Linear(1024, 1024), torch.nn.GELU(),
            torch.nn.Linear(1024, 10))

    def forward(self, x):
        return self.layers(x)


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


class GptBlock(torch.nn.Module):
    """A pre-norm GPT-2 block: causal self-attention and a GELU MLP."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = torch.nn.LayerNorm(width)
        self.qkv = torch.nn.Linear(width, 3 * width)
        self.proj = torch.nn.Linear(width, width)
        self.ln2 = torch.nn.LayerNorm(width)
        self.fc = torch.nn.Linear(width, 4 * width)
        self.out = torch.nn.Linear(4 * width, width)

    def forward(self, x):
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = (z.view(b, t, h, d // h).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) * (1.0 / (d // h) ** 0.5)
        mask = torch.tril(torch.ones(t, t)).view(1, 1, t, t)
        att = att.masked_fill(mask == 0, float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, d)
        x = x + self.proj(y)
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class Gpt(torch.nn.Module):
    """GPT-2 style decoder: 4 layers, width 256, 4 heads, 128 positions,
    vocabulary 512; token ids in, logits out."""

    def __init__(self, vocab=512, width=256, heads=4, layers=4, positions=128):
        super().__init__()
        self.wte = torch.nn.Embedding(vocab, width)
        self.wpe = torch.nn.Embedding(positions, width)
        self.blocks = torch.nn.ModuleList(
            [GptBlock(width, heads) for _ in range(layers)])
        self.lnf = torch.nn.LayerNorm(width)
        self.head = torch.nn.Linear(width, vocab, bias=False)

    def forward(self, idx):
        pos = torch.arange(idx.shape[1]).unsqueeze(0)
        x = self.wte(idx) + self.wpe(pos)
        for block in self.blocks:
            x = block(x)
        return self.head(self.lnf(x))


def encoder_layer():
    return torch.nn.TransformerEncoderLayer(256, 4, 1024, batch_first=True)


# name: (constructor, input shape, opset); integer inputs are token ids.
MODELS = {"mlp": (Mlp, (4, 20), 13), "wide_mlp": (WideMlp, (64, 784), 13),
          "cnn": (Cnn, (2, 3, 16, 16), 13),
          "gpt": (Gpt, (1, 128), 14), "gpt_b8": (Gpt, (8, 128), 14), "encoder": (encoder_layer, (1, 128, 256), 13)}


def vision_model(name):
    import torchvision  # only the vision models need it
    return getattr(torchvision.models, name)(weights=None)


def make(name):
    """The model (eval mode, fixed seed, batch norms with non-trivial
    statistics), an example input and the opset to export with."""
    cls, shape, opset = MODELS.get(name, (lambda: vision_model(name),
                                          (1, 3, 224, 224), 13))
    torch.manual_seed(0)
    model = cls().eval()
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2)
                module.weight.data.uniform_(0.5, 1.5)
                module.bias.data.uniform_(-0.2, 0.2)
            # Distinct layer-norm parameters: the exporter would otherwise
            # merge the equal freshly initialized ones into one initializer
            # (which training would then tie).
            if isinstance(module, torch.nn.LayerNorm):
                module.weight.data.uniform_(0.5, 1.5)
                module.bias.data.uniform_(-0.2, 0.2)
    tokens = name.startswith("gpt")
    x = torch.randint(0, 512, shape) if tokens else torch.randn(*shape)
    return model, x, opset


def export(outdir, names):
    for name in names or ("mlp", "cnn"):
        model, x, opset = make(name)
        torch.onnx.export(model, x, f"{outdir}/{name}.onnx",
                          opset_version=opset, input_names=["x"],
                          output_names=["y"])
        with torch.no_grad():
            y = model.double()(x if x.dtype == torch.int64 else x.double())
        model.float()
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
