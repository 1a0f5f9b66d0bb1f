"""One torch.optim.AdamW step from given state, for training.mlir."""


def adamw(param, grad, exp_avg, exp_avg_sq, step):
    p = torch.nn.Parameter(param.clone())
    p.grad = grad.clone()
    optimizer = torch.optim.AdamW([p], lr=1e-2, betas=(0.9, 0.999), eps=1e-8,
                                  weight_decay=0.1, foreach=False)
    optimizer.state[p] = {"step": torch.tensor(float(step - 1)),
                          "exp_avg": exp_avg.clone(),
                          "exp_avg_sq": exp_avg_sq.clone()}
    optimizer.step()
    state = optimizer.state[p]
    return p.detach(), state["exp_avg"], state["exp_avg_sq"]
