"""Every lesson slide that trains states its outcome (``expect_test_acc`` or ``expect_stall``),
and training its recipe on real Fashion-MNIST gives that outcome, as it would in class."""

import math

import pytest

from cnnviz.core import lessons
from cnnviz.core.training import TrainConfig, Trainer

RECIPE = ("network", "dataset", "epochs", "lr", "batch_size", "train_subset")


def _training_slides():
    seen = {}
    for name in lessons.list_lessons():
        for i, slide in enumerate(lessons.load_lesson(name).slides):
            st = slide.state
            if slide.view != "training" or not ("expect_test_acc" in st or "expect_stall" in st):
                continue
            key = (*(st.get(k) for k in RECIPE), st.get("expect_test_acc"), st.get("expect_stall"))
            seen.setdefault(key, f"{name}-{i + 1}")
    return [pytest.param(dict(zip((*RECIPE, "acc", "stall"), k)), id=v) for k, v in seen.items()]


SLIDES = _training_slides()


def test_the_training_slides_say_what_they_expect():
    names = {p.id for p in SLIDES}
    assert any(n.startswith("05_lenet") for n in names)
    stalls = [p for p in SLIDES if p.values[0]["stall"]]
    learns = [p for p in SLIDES if p.values[0]["acc"]]
    assert stalls and learns  # lesson 8 contrasts a run that stalls with one that learns
    for name in lessons.list_lessons():
        for slide in lessons.load_lesson(name).slides:
            st = slide.state
            if slide.view == "training" and "dataset" in st and "expect_test_acc" not in st:
                # a training slide without an expectation repeats one that has it
                assert any(p.values[0]["network"] == st.get("network") for p in SLIDES), name


@pytest.mark.slow
@pytest.mark.parametrize("recipe", SLIDES)
def test_a_training_slide_learns_or_stalls_as_it_says(recipe):
    config = TrainConfig(
        model=recipe["network"],
        dataset=recipe["dataset"] or "fashion-mnist",
        epochs=recipe["epochs"],
        lr=recipe["lr"],
        batch_size=recipe["batch_size"],
        train_subset=recipe["train_subset"],
        device="cpu",
    )
    history = Trainer(config).fit()
    last = [m for m in history if m.test_acc is not None][-1]
    if recipe["stall"]:
        assert last.test_acc < 0.2, last
        assert abs(last.train_loss - math.log(10)) < 0.1, last  # stuck near ln 10 ≈ 2.3
    else:
        assert last.test_acc >= recipe["acc"], last
