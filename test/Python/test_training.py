"""kiln.compile_training against torch.optim: the same losses step by
step, and the same parameters at the end."""

import numpy as np
import torch

import kiln


def mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.Tanh(),
                               torch.nn.Linear(16, 4))


def kiln_layout(kiln_value, torch_value):
    """Kiln stores a Linear's weight (Gemm with transB = 1) as [in, out]."""
    if kiln_value.shape != torch_value.shape and kiln_value.ndim == 2:
        return kiln_value.T
    return kiln_value


def run(optimizer, loss, make_torch_optimizer, torch_loss, steps=12, **kw):
    net = mlp()
    reference = mlp()
    x = torch.randn(8, 6, generator=torch.Generator().manual_seed(1))
    if loss == "cross_entropy":
        y = torch.randint(0, 4, (8,), generator=torch.Generator().manual_seed(2))
    else:
        y = torch.randn(8, 4, generator=torch.Generator().manual_seed(2))
    step = kiln.compile_training(net, example_inputs=x, loss=loss,
                                 optimizer=optimizer, **kw)
    assert [t.shape for t in step.inputs] == [(8, 6), tuple(y.shape)]
    torch_optimizer = make_torch_optimizer(reference.parameters())
    for i in range(steps):
        # Different batches each step: rows rolled.
        xb, yb = torch.roll(x, i, 0), torch.roll(y, i, 0)
        kiln_loss = step.step(xb.numpy(), yb.numpy())
        torch_optimizer.zero_grad()
        expected = torch_loss(reference(xb), yb)
        expected.backward()
        torch_optimizer.step()
        assert abs(kiln_loss - expected.item()) <= 1e-4 * max(
            1.0, abs(expected.item())), (i, kiln_loss, expected.item())
    assert step.steps == steps
    parameters = step.parameters()
    for name, value in reference.state_dict().items():
        np.testing.assert_allclose(kiln_layout(parameters[name], value),
                                   value.numpy(), rtol=1e-3, atol=1e-5)
    assert step.peak_bytes() > 0


def test_adamw_cross_entropy():
    run("adamw", "cross_entropy",
        lambda p: torch.optim.AdamW(p, lr=1e-2, weight_decay=0.01),
        torch.nn.functional.cross_entropy, lr=1e-2)


def test_sgd_momentum_mse():
    run("sgd", "mse", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
        torch.nn.functional.mse_loss, lr=0.05, momentum=0.9)


def test_wrong_batch_raises():
    step = kiln.compile_training(mlp(), example_inputs=torch.randn(8, 6),
                                 optimizer="sgd", lr=0.1)
    try:
        step.step(np.zeros((4, 6), np.float32), np.zeros(4, np.int64))
    except kiln.InputError as error:
        assert "expects float32 [8, 6], given float32 [4, 6]" in str(error)
    else:
        raise AssertionError("expected InputError")
    try:
        step.step(np.zeros((8, 6), np.float32))
    except kiln.InputError as error:
        assert "takes 2 array(s)" in str(error)
    else:
        raise AssertionError("expected InputError")
    # Still usable.
    loss = step.step(np.zeros((8, 6), np.float32), np.zeros(8, np.int64))
    assert np.isfinite(loss)
