"""SGD and Adam as the trainer runs them: multi-tensor (``torch._foreach_*``) updates, and
nothing torch.optim would import behind them.

>>> import torch
>>> from cnnviz.core.training.optim import SGD
>>> w = torch.nn.Parameter(torch.ones(3)); w.grad = torch.ones(3)
>>> SGD([w], lr=0.5).step(); w.tolist()
[0.5, 0.5, 0.5]

Why not ``torch.optim``: its first optimiser imports TorchDynamo (``Optimizer`` methods are
wrapped in ``torch._disable_dynamo``), 1.7 s of a 10 s ``cnnviz train lenet`` on a 2-core CPU.
These two compute what ``torch.optim.SGD`` and ``torch.optim.Adam`` compute (the tests hold
them to it step by step), and their ``state_dict`` has torch.optim's layout, so checkpoints
load into either. Every update is device tensor arithmetic with no host branch after the first
step (Adam's step count is a device tensor): a CUDA graph can capture it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import torch

from cnnviz.core.messages import message

__all__ = ["SGD", "Adam", "Optimizer"]


class Optimizer:
    """One parameter group, per-parameter state, torch.optim's ``state_dict`` layout."""

    #: the hyper-parameters of the group (with torch.optim's defaults) in ``state_dict``
    defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, params: Iterable[torch.nn.Parameter], **hyper: Any) -> None:
        params = list(params)
        if not params:
            raise ValueError(message("the network has no parameters to train"))
        self.param_groups = [{**self.defaults, **hyper, "params": params}]
        self.state: dict[torch.Tensor, dict[str, torch.Tensor]] = {}

    @property
    def params(self) -> list[torch.nn.Parameter]:
        return self.param_groups[0]["params"]

    def _with_grads(self) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
        """The parameters that have gradients, and their gradients — negated to maximise,
        plus weight decay × parameter (L2, as torch.optim does)."""
        g = self.param_groups[0]
        params = [p for p in self.params if p.grad is not None]
        grads = [p.grad for p in params]
        if params and g["maximize"]:
            grads = torch._foreach_neg(grads)
        if params and g["weight_decay"]:
            grads = torch._foreach_add(grads, params, alpha=g["weight_decay"])
        return params, grads

    def zero_grad(self, set_to_none: bool = True) -> None:
        if set_to_none:
            for p in self.params:
                p.grad = None
        else:
            grads = [p.grad for p in self.params if p.grad is not None]
            if grads:
                torch._foreach_zero_(grads)

    def state_dict(self) -> dict[str, Any]:
        group = self.param_groups[0]
        index = {id(p): i for i, p in enumerate(group["params"])}
        return {
            "state": {index[id(p)]: dict(s) for p, s in self.state.items()},
            "param_groups": [
                {**{k: v for k, v in group.items() if k != "params"},
                 "params": list(range(len(group["params"])))}
            ],
        }  # fmt: skip

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Load a state saved by this class or by its torch.optim namesake; ``ValueError`` when
        it belongs to other parameters (nothing changes then)."""
        groups = state_dict["param_groups"]
        params = self.params
        if len(groups) != 1 or len(groups[0]["params"]) != len(params):
            raise ValueError(
                message(
                    "the saved optimiser state has {saved} parameters in {groups} groups, the "
                    "network {n}",
                    saved=sum(len(g["params"]) for g in groups),
                    groups=len(groups),
                    n=len(params),
                )
            )
        by_index = dict(zip(groups[0]["params"], params, strict=True))
        state: dict[torch.Tensor, dict[str, torch.Tensor]] = {}
        for i, saved in state_dict["state"].items():
            p = by_index[i]
            entry = {}
            for key, value in saved.items():
                if value is None:
                    continue
                if key != "step" and value.shape != p.shape:
                    raise ValueError(
                        message(
                            "the saved {key} of parameter {i} has the shape {saved}, the "
                            "parameter {shape}",
                            key=key,
                            i=i,
                            saved=tuple(value.shape),
                            shape=tuple(p.shape),
                        )
                    )
                dtype = torch.float32 if key == "step" else p.dtype
                entry[key] = value.to(device=p.device, dtype=dtype)
            if entry:
                state[p] = entry
        self.state = state
        hyper = {k: v for k, v in groups[0].items() if k != "params"}
        self.param_groups[0].update({k: hyper[k] for k in self.defaults if k in hyper})


class SGD(Optimizer):
    """``torch.optim.SGD`` (momentum, dampening, Nesterov, weight decay)."""

    defaults: ClassVar[dict[str, Any]] = {
        "lr": 0.1, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False,
        "maximize": False, "foreach": None, "differentiable": False, "fused": None,
    }  # fmt: skip

    @torch.no_grad()
    def step(self) -> None:
        g = self.param_groups[0]
        params, grads = self._with_grads()
        if not params:
            return
        if g["momentum"]:
            bufs, old = [], []
            for p, grad in zip(params, grads, strict=True):
                s = self.state.setdefault(p, {})
                if "momentum_buffer" in s:
                    old.append((s["momentum_buffer"], grad))
                else:  # the first step: the buffer is the gradient itself
                    s["momentum_buffer"] = torch.clone(grad).detach()
                bufs.append(s["momentum_buffer"])
            if old:
                old_bufs, old_grads = map(list, zip(*old, strict=True))
                torch._foreach_mul_(old_bufs, g["momentum"])
                torch._foreach_add_(old_bufs, old_grads, alpha=1 - g["dampening"])
            if g["nesterov"]:
                grads = torch._foreach_add(grads, bufs, alpha=g["momentum"])
            else:
                grads = bufs
        torch._foreach_add_(params, grads, alpha=-g["lr"])


class Adam(Optimizer):
    """``torch.optim.Adam`` (bias-corrected, L2 weight decay; not AMSGrad)."""

    defaults: ClassVar[dict[str, Any]] = {
        "lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False,
        "maximize": False, "foreach": None, "capturable": False, "differentiable": False,
        "fused": None, "decoupled_weight_decay": False,
    }  # fmt: skip

    @torch.no_grad()
    def step(self) -> None:
        g = self.param_groups[0]
        params, grads = self._with_grads()
        if not params:
            return
        beta1, beta2 = g["betas"]
        states = []
        for p in params:
            s = self.state.get(p)
            if s is None:
                s = self.state[p] = {
                    "step": torch.zeros((), dtype=torch.float32, device=p.device),
                    "exp_avg": torch.zeros_like(p, memory_format=torch.preserve_format),
                    "exp_avg_sq": torch.zeros_like(p, memory_format=torch.preserve_format),
                }
            states.append(s)
        steps = [s["step"] for s in states]
        m = [s["exp_avg"] for s in states]
        v = [s["exp_avg_sq"] for s in states]
        torch._foreach_add_(steps, 1.0)
        torch._foreach_lerp_(m, grads, 1 - beta1)
        torch._foreach_mul_(v, beta2)
        torch._foreach_addcmul_(v, grads, grads, value=1 - beta2)
        # bias corrections as device tensors: no host sync, capturable
        bias1 = torch._foreach_sub(torch._foreach_pow(beta1, steps), 1.0)  # −(1 − β1^t)
        bias2_sqrt = torch._foreach_sqrt(torch._foreach_neg(torch._foreach_sub(
            torch._foreach_pow(beta2, steps), 1.0)))  # fmt: skip
        step_size = torch._foreach_div(bias1, g["lr"])  # −(1 − β1^t) / lr
        denom = torch._foreach_div(torch._foreach_sqrt(v), bias2_sqrt)
        torch._foreach_add_(denom, g["eps"])
        torch._foreach_mul_(denom, step_size)  # p −= lr/(1 − β1^t) · m / denom
        torch._foreach_addcdiv_(params, m, denom)
