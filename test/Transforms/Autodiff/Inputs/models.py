# torch forms of the models in models-numeric.mlir, for gradcheck.py
# --prelude: torch autograd differentiates these in float64.


def mlp(x, w1, b1, w2, b2, labels):
    return F.cross_entropy(F.gelu(x @ w1 + b1) @ w2 + b2, labels)


def cnn(x, w1, b1, w2, scale, bias, mean, var, wf, bf, labels):
    h = F.relu(F.conv2d(x, w1, padding=1) + b1.reshape(8, 1, 1))
    h = F.max_pool2d(h, 2, 2)
    h = F.conv2d(h, w2, stride=2, padding=1)
    h = F.relu(F.batch_norm(h, mean, var, scale, bias, False, 0.1, 1e-5))
    h = F.adaptive_avg_pool2d(h, 1).reshape(2, 16)
    return F.cross_entropy(h @ wf + bf, labels)


def block(x, g1, c1, wq, wk, wv, wo, g2, c2, w1, w2, target):
    def heads(t):
        return t.reshape(2, 8, 2, 8).transpose(1, 2)
    h = F.layer_norm(x, (16,), g1, c1)
    q, k, v = heads(h @ wq), heads(h @ wk), heads(h @ wv)
    causal = torch.ones(8, 8, dtype=torch.bool).triu(1)
    scores = (q @ k.transpose(-1, -2) / 8 ** 0.5).masked_fill(
        causal, float("-inf"))
    a = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(2, 8, 16)
    x1 = x + a @ wo
    y = x1 + F.gelu(F.layer_norm(x1, (16,), g2, c2) @ w1) @ w2
    return F.mse_loss(y, target)
