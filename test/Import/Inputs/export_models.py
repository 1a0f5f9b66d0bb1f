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
import math
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


class LstmLm(torch.nn.Module):
    """An LSTM language model: embedding, a 2-layer LSTM, a vocabulary head."""

    def __init__(self, vocab=512, width=64, hidden=128):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, width)
        self.lstm = torch.nn.LSTM(width, hidden, num_layers=2, batch_first=True)
        self.head = torch.nn.Linear(hidden, vocab)

    def forward(self, idx):
        out, _ = self.lstm(self.embed(idx))
        return self.head(out)


class UNet(torch.nn.Module):
    """A two-level U-Net: strided ConvTranspose up one level, bilinear
    interpolation up the other, skip concatenations, batch norms."""

    def __init__(self):
        super().__init__()

        def block(cin, cout):
            return torch.nn.Sequential(
                torch.nn.Conv2d(cin, cout, 3, padding=1),
                torch.nn.BatchNorm2d(cout), torch.nn.ReLU(),
                torch.nn.Conv2d(cout, cout, 3, padding=1), torch.nn.ReLU())
        self.down1, self.down2, self.mid = block(3, 16), block(16, 32), block(32, 64)
        self.up2 = torch.nn.ConvTranspose2d(64, 32, 2, stride=2)
        self.dec2 = block(64, 32)
        self.dec1 = block(48, 16)
        self.out = torch.nn.Conv2d(16, 2, 1)

    def forward(self, x):
        d1 = self.down1(x)
        d2 = self.down2(torch.nn.functional.max_pool2d(d1, 2))
        m = self.mid(torch.nn.functional.max_pool2d(d2, 2))
        u2 = self.dec2(torch.cat([self.up2(m), d2], 1))
        u1 = torch.nn.functional.interpolate(u2, scale_factor=2,
                                             mode="bilinear",
                                             align_corners=False)
        return self.out(self.dec1(torch.cat([u1, d1], 1)))


class BertMask(torch.nn.Module):
    """A BERT-style encoder whose attention ignores padding tokens (id 0):
    the key padding mask is built from the tokens in the graph."""

    def __init__(self, vocab=512, width=128, heads=4, layers=2, length=64):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, width)
        self.pos = torch.nn.Parameter(torch.randn(1, length, width) * 0.02)
        self.layers = torch.nn.ModuleList(
            torch.nn.TransformerEncoderLayer(width, heads, 4 * width,
                                             batch_first=True)
            for _ in range(layers))

    def forward(self, idx):
        x = self.embed(idx) + self.pos
        padding = idx == 0
        for layer in self.layers:
            x = layer(x, src_key_padding_mask=padding)
        return x


class RmsNorm(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.rand(width) + 0.5)

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * \
            self.weight


class LlamaBlock(torch.nn.Module):
    """RMSNorm, rotary position embeddings, grouped-query attention (2 K/V
    heads for 4 query heads) under a causal masked_fill, SwiGLU MLP."""

    def __init__(self, width=128, heads=4, kv_heads=2, length=64):
        super().__init__()
        self.heads, self.kv_heads, self.dim = heads, kv_heads, width // heads
        self.norm1, self.norm2 = RmsNorm(width), RmsNorm(width)
        self.q = torch.nn.Linear(width, width, bias=False)
        self.kv = torch.nn.Linear(width, 2 * kv_heads * self.dim, bias=False)
        self.o = torch.nn.Linear(width, width, bias=False)
        self.gate = torch.nn.Linear(width, 2 * width, bias=False)
        self.up = torch.nn.Linear(width, 2 * width, bias=False)
        self.down = torch.nn.Linear(2 * width, width, bias=False)
        inv = 1.0 / (10000 ** (torch.arange(0, self.dim, 2).float() / self.dim))
        angles = torch.outer(torch.arange(length).float(), inv)
        self.register_buffer("cos", angles.cos())
        self.register_buffer("sin", angles.sin())
        self.register_buffer("mask", torch.tril(torch.ones(length, length,
                                                           dtype=torch.bool)))

    def rotate(self, x):
        x1, x2 = x[..., 0::2], x[..., 1::2]
        c, s = self.cos, self.sin
        return torch.stack([x1 * c - x2 * s, x1 * s + x2 * c], -1).flatten(-2)

    def forward(self, x):
        b, t, w = x.shape
        h = self.norm1(x)
        q = self.q(h).view(b, t, self.heads, self.dim).transpose(1, 2)
        k, v = self.kv(h).view(b, t, 2, self.kv_heads, self.dim).unbind(2)
        k, v = k.transpose(1, 2), v.transpose(1, 2)
        q, k = self.rotate(q), self.rotate(k)
        repeat = self.heads // self.kv_heads
        k = k.repeat_interleave(repeat, dim=1)
        v = v.repeat_interleave(repeat, dim=1)
        scores = q @ k.transpose(-2, -1) / self.dim ** 0.5
        scores = scores.masked_fill(~self.mask[:t, :t], float("-inf"))
        a = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, w)
        x = x + self.o(a)
        h = self.norm2(x)
        return x + self.down(torch.nn.functional.silu(self.gate(h)) *
                             self.up(h))


class Llama(torch.nn.Module):
    def __init__(self, vocab=512, width=128, layers=2):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, width)
        self.blocks = torch.nn.ModuleList(LlamaBlock() for _ in range(layers))
        self.norm = RmsNorm(width)
        self.head = torch.nn.Linear(width, vocab, bias=False)

    def forward(self, idx):
        x = self.embed(idx)
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x))


class TinyVit(torch.nn.Module):
    """A vision transformer: 8x8 patches of a 64x64 image, a class token,
    learned positions, 2 pre-norm encoder layers, a classification head."""

    def __init__(self, width=128, classes=10):
        super().__init__()
        self.patch = torch.nn.Conv2d(3, width, 8, stride=8)
        self.cls = torch.nn.Parameter(torch.randn(1, 1, width) * 0.02)
        self.pos = torch.nn.Parameter(torch.randn(1, 65, width) * 0.02)
        self.encoder = torch.nn.TransformerEncoder(
            torch.nn.TransformerEncoderLayer(width, 4, 2 * width,
                                             activation="gelu",
                                             batch_first=True,
                                             norm_first=True), 2)
        self.norm = torch.nn.LayerNorm(width)
        self.head = torch.nn.Linear(width, classes)

    def forward(self, x):
        p = self.patch(x).flatten(2).transpose(1, 2)
        p = torch.cat([self.cls.expand(x.shape[0], -1, -1), p], 1) + self.pos
        return self.head(self.norm(self.encoder(p))[:, 0])


class AttentionForm(torch.nn.Module):
    """Token embeddings, then one attention written the way a given
    exporter or library writes it (test/Import/onnx-attention-forms.test):
      sdpa        scaled_dot_product_attention's ONNX export: q and K^T each
                  scaled by sqrt(scale), is_causal as an additive 0/-inf
                  mask built from tril and where
      repeat_kv   Hugging Face's grouped-query repeat_kv (expand + reshape
                  of the 2 kv heads to 4) under a key padding mask from the
                  tokens, applied with where(seen, s, -inf)
      masked_fill a key padding mask from the tokens through
                  masked_fill(hidden, -inf), 3 kv heads repeat_interleaved
                  to 6"""

    def __init__(self, form, width=96, heads=4, kv_heads=2):
        super().__init__()
        self.form = form
        if form == "masked_fill":
            heads, kv_heads = 6, 3
        self.heads, self.kv_heads, self.dim = heads, kv_heads, width // heads
        self.embed = torch.nn.Embedding(512, width)
        self.q = torch.nn.Linear(width, width)
        self.kv = torch.nn.Linear(width, 2 * kv_heads * self.dim)
        self.o = torch.nn.Linear(width, width)

    def forward(self, idx):
        b, t = idx.shape
        x = self.embed(idx)
        q = self.q(x).view(b, t, self.heads, self.dim).transpose(1, 2)
        k, v = self.kv(x).view(b, t, 2, self.kv_heads, self.dim).unbind(2)
        k, v = k.transpose(1, 2), v.transpose(1, 2)
        group = self.heads // self.kv_heads
        if self.form == "sdpa":
            k = k.repeat_interleave(group, 1)
            v = v.repeat_interleave(group, 1)
            root = (1.0 / math.sqrt(self.dim)) ** 0.5
            causal = torch.ones(t, t, dtype=torch.bool).tril()
            bias = torch.where(causal, torch.zeros(()),
                               torch.tensor(float("-inf")))
            scores = (q * root) @ (k.transpose(-2, -1) * root) + bias
        elif self.form == "repeat_kv":
            def repeat_kv(y):
                return y[:, :, None].expand(b, self.kv_heads, group, t,
                                            self.dim).reshape(
                    b, self.heads, t, self.dim)
            k, v = repeat_kv(k), repeat_kv(v)
            seen = (idx != 0)[:, None, None, :]
            scores = q @ k.transpose(-2, -1) / math.sqrt(self.dim)
            scores = torch.where(seen, scores, torch.tensor(float("-inf")))
        else:
            k = k.repeat_interleave(group, 1)
            v = v.repeat_interleave(group, 1)
            hidden = (idx == 0)[:, None, None, :]
            scores = q @ k.transpose(-2, -1) / math.sqrt(self.dim)
            scores = scores.masked_fill(hidden, float("-inf"))
        a = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, -1)
        return self.o(a)


def encoder_layer():
    return torch.nn.TransformerEncoderLayer(256, 4, 1024, batch_first=True)


def transposed_3d():
    """3-D transposed convolutions: strides, groups, output padding and
    dilations (a 3-D U-Net's decoder)."""
    return torch.nn.Sequential(
        torch.nn.ConvTranspose3d(4, 6, 3, stride=2, padding=1,
                                 output_padding=1, groups=2),
        torch.nn.ReLU(),
        torch.nn.ConvTranspose3d(6, 2, (2, 3, 3), stride=(1, 2, 2),
                                 dilation=(1, 2, 1)))


def small_densenet():
    """torchvision's DenseNet at CIFAR scale: three dense blocks whose
    layers concatenate every earlier feature map, transitions between."""
    import torchvision
    return torchvision.models.DenseNet(growth_rate=12, block_config=(4, 4, 4),
                                       num_init_features=24, num_classes=10)


# name: (constructor, input shape, opset); integer inputs are token ids.
MODELS = {"mlp": (Mlp, (4, 20), 13), "wide_mlp": (WideMlp, (64, 784), 13),
          "cnn": (Cnn, (2, 3, 16, 16), 13),
          "gpt": (Gpt, (1, 128), 14), "gpt_b8": (Gpt, (8, 128), 14), "encoder": (encoder_layer, (1, 128, 256), 13),
          "lstm_lm": (LstmLm, (2, 32), 14), "unet": (UNet, (1, 3, 64, 64), 13),
          "bert_mask": (BertMask, (2, 64), 14), "llama": (Llama, (1, 64), 14),
          "vit": (TinyVit, (2, 3, 64, 64), 14),
          "densenet": (small_densenet, (2, 3, 64, 64), 13),
          "transposed_3d": (transposed_3d, (2, 4, 5, 6, 7), 13)}
for form in ("sdpa", "repeat_kv", "masked_fill"):
    MODELS[f"attention_{form}"] = (lambda form=form: AttentionForm(form),
                                   (2, 40), 14)
TOKEN_MODELS = {"gpt", "gpt_b8", "lstm_lm", "bert_mask", "llama",
                "attention_sdpa", "attention_repeat_kv",
                "attention_masked_fill"}


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
            if isinstance(module, (torch.nn.BatchNorm2d,
                                   torch.nn.BatchNorm1d)):
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
    tokens = name in TOKEN_MODELS
    x = torch.randint(0, 512, shape) if tokens else torch.randn(*shape)
    if name == "bert_mask":
        x[0, 48:] = 0  # padding at the end of the first sequence
        x[1, 60:] = 0
    if name in ("attention_repeat_kv", "attention_masked_fill"):
        x[0, 30:] = 0  # padded keys, which the mask hides
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
