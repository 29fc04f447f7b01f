"""Whole training steps as CUDA graphs: batch gather, forward, loss, backward, optimiser update
and metric sums replayed by one call, with no Python between the kernels.

At the book's batch of 256 a LeNet step is dozens of tiny kernels, and on a fast GPU launching
them from Python takes longer than running them. :class:`StepRunner` records the step once and
replays it; everything it reads and writes stays at one address:

* ``order`` — the epoch's shuffled example indices (copied in at each epoch start);
* ``pos`` — the batch number, a device tensor the step itself advances, so batch ``b`` gathers
  ``order[b·B : b·B + B]`` with no host involvement;
* the gradients (zeroed in place inside the step), the optimiser's state, and the summed loss and
  correct count, read back by the loop a few times a second.

The last, smaller batch of an epoch gets a second graph of its size, not padding: padded
examples would change batch normalisation's statistics. Each size runs :data:`WARMUP_STEPS`
eager steps before its capture, as cuDNN must not benchmark inside one.

``capture=False`` runs the very same step eagerly: the trainer's step on a CPU, on Apple's GPUs,
under torchrun and with ``--no-cuda-graphs`` — one step definition for every device.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn
from torch.nn import functional as F

from cnnviz.core.training.optim import Optimizer

__all__ = ["StepRunner"]

#: eager steps before a capture: cuDNN's benchmark picks its kernels, the optimiser makes its
#: state, and the caching allocator settles (PyTorch's guide uses three)
WARMUP_STEPS = 3


class StepRunner:
    """Runs training steps over one epoch's order of examples, captured when ``capture``.

    ``make_batch(images, idx) -> x`` turns gathered uint8 images into the model's input (float,
    resized, channels-last as configured). ``batch_size`` is the full batch; ``n`` the number
    of examples an epoch covers.
    """

    def __init__(
        self,
        model: nn.Module,
        optimizer: Optimizer,
        images: torch.Tensor,  # (N, C, H, W) uint8, on the device
        labels: torch.Tensor,  # (N,) int64, on the device
        make_batch: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
        *,
        batch_size: int,
        n: int,
        amp: bool,
        capture: bool,
    ) -> None:
        device = images.device
        self.model, self.optimizer = model, optimizer
        self.images, self.labels, self.make_batch = images, labels, make_batch
        self.batch_size, self.n, self.amp = batch_size, n, amp
        self.capture = capture and device.type == "cuda"
        self.order = torch.zeros(n, dtype=torch.long, device=device)
        self.pos = torch.zeros((), dtype=torch.long, device=device)
        self.offsets = torch.arange(batch_size, device=device)
        self.loss_sum = torch.zeros((), device=device)
        self.correct = torch.zeros((), device=device)
        self.steps_run = 0  # eager or replayed, over the runner's life
        self._graphs: dict[int, torch.cuda.CUDAGraph] = {}  # batch size → its captured step
        self._warm: dict[int, int] = {}  # batch size → eager steps run
        self._stream = torch.cuda.Stream(device) if self.capture else None

    @property
    def batches(self) -> int:
        return -(-self.n // self.batch_size)

    def size_of(self, batch: int) -> int:
        return min(self.batch_size, self.n - batch * self.batch_size)

    def start_epoch(self, order: torch.Tensor, first_batch: int = 0) -> None:
        """The epoch's example order (``n`` indices) and the batch to go on from; zero sums."""
        self.order.copy_(order, non_blocking=True)
        self.pos.fill_(first_batch)
        self.loss_sum.zero_()
        self.correct.zero_()

    def _step(self, size: int) -> None:
        """One training step on the batch at ``pos`` of ``size`` examples; everything in place."""
        positions = self.pos * self.batch_size + self.offsets[:size]
        idx = self.order.index_select(0, positions)
        x, y = self.make_batch(self.images, idx), self.labels.index_select(0, idx)
        self.optimizer.zero_grad(set_to_none=False)  # in place: the gradients stay put
        # no autocast cache: a captured step must cast the weights it reads at every replay
        with torch.autocast(x.device.type, dtype=torch.bfloat16, enabled=self.amp,
                            cache_enabled=False):  # fmt: skip
            y_hat = self.model(x)
            loss = F.cross_entropy(y_hat, y)
        loss.backward()
        self.optimizer.step()
        with torch.no_grad():
            self.loss_sum += loss.detach().float() * size
            self.correct += (y_hat.argmax(1) == y).sum()
        self.pos += 1

    def run(self, batch: int) -> None:
        """Train on batch ``batch`` of the epoch (``pos`` must point at it: batches in order
        from :meth:`start_epoch`'s ``first_batch``)."""
        size = self.size_of(batch)
        graph = self._graphs.get(size)
        if graph is not None:
            graph.replay()
        elif not self.capture or self._warm.get(size, 0) < WARMUP_STEPS:
            # each batch size runs eagerly first: cuDNN may not benchmark inside a capture
            # (the short last batch: in the first epochs, captured in the fourth)
            self._warm_step(size)
            self._warm[size] = self._warm.get(size, 0) + 1
        else:
            self._capture(size)
            self._graphs[size].replay()  # capturing records; it does not run the step
        self.steps_run += 1

    def _warm_step(self, size: int) -> None:
        if self._stream is None:
            self._step(size)
            return
        # on a side stream, as captures are made: the allocator then serves both alike
        self._stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(self._stream):
            self._step(size)
        torch.cuda.current_stream().wait_stream(self._stream)

    def _capture(self, size: int) -> None:
        # the warm steps made every gradient the step makes: the graph zeroes them in place
        torch.cuda.synchronize()
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph, stream=self._stream):
            self._step(size)
        self._graphs[size] = graph
