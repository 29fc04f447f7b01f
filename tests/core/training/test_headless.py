"""``cnnviz train``'s printer: a tqdm bar on a terminal, only the book's epoch lines elsewhere."""

import io

import torch

from cnnviz.core.training import Metrics, TrainConfig, TrainState
from cnnviz.core.training.headless import EpochPrinter


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def drive(printer: EpochPrinter) -> None:
    state = TrainState(config=TrainConfig(model="lenet", epochs=2), device=torch.device("cpu"))
    state.batches_per_epoch = 10
    for epoch in range(2):
        state.epoch = epoch
        for b in (3, 7, 10):
            state.batch = b
            m = Metrics(epoch=state.epoch_fraction, step=b, train_loss=0.5, train_acc=0.75,
                        examples_per_sec=1234.0)  # fmt: skip
            printer.on_progress(state, m)
        done = Metrics(epoch=epoch + 1.0, step=10, train_loss=0.5, train_acc=0.75,
                       test_acc=0.8, examples_per_sec=1234.0)  # fmt: skip
        printer.on_eval(state, done)
    printer.on_train_end(state, "finished")


EPOCH_LINE = "epoch 1: loss 0.500, train acc 0.750, test acc 0.800, 1234.0 examples/sec on cpu\n"


def test_not_a_terminal_gets_only_the_epoch_lines():
    out = io.StringIO()
    drive(EpochPrinter(out))
    assert out.getvalue() == EPOCH_LINE + EPOCH_LINE.replace("epoch 1", "epoch 2")


def test_quiet_on_a_terminal_gets_only_the_epoch_lines():
    out = Terminal()
    drive(EpochPrinter(out, bar=False))
    assert out.getvalue() == EPOCH_LINE + EPOCH_LINE.replace("epoch 1", "epoch 2")


def test_a_terminal_gets_a_tqdm_bar_that_is_cleared_before_each_epoch_line():
    out = Terminal()
    printer = EpochPrinter(out)
    drive(printer)
    text = out.getvalue()
    assert "epoch 1/2" in text and "epoch 2/2" in text  # the bar's label
    assert "loss 0.500 acc 0.750 1,234 ex/s" in text
    assert "batch" in text  # tqdm's unit
    lines = [line.split("\r")[-1] for line in text.split("\n")]
    assert EPOCH_LINE.strip() in lines  # the bar's line was cleared first
    assert printer._progress is None  # closed at the end
