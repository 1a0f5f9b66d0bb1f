# torch forms of the models in train-step.mlir, for train_check.py.


def mlp(params, x):
    w1, b1, w2, b2 = params
    return F.relu(x @ w1 + b1) @ w2 + b2


def regression(params, x):
    w, b = params
    return torch.tanh(x @ w + b)
