"""Every number a shipped slide states is a claim, and every claim holds in the state the slide
creates (computed by the core here; tests/gui/test_classroom.py checks the live views)."""

import pytest

from cnnviz.core import lessons
from cnnviz.core.claims import (
    SlideContext,
    check_claims,
    numbers_in,
    split_probe,
    unexplained_numbers,
)

NAMES = lessons.list_lessons()


def _slides():
    for name in NAMES:
        network = None
        for i, slide in enumerate(lessons.load_lesson(name).slides):
            network = slide.state.get("network", network)
            yield pytest.param(name, i, slide, network, id=f"{name}-{i + 1}")


SLIDES = list(_slides())


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize(("name", "index", "slide", "network"), SLIDES)
def test_every_number_on_a_slide_is_checked(name, index, slide, network, language):
    assert unexplained_numbers(slide, language) == []


@pytest.mark.parametrize(("name", "index", "slide", "network"), SLIDES)
def test_every_claim_holds_in_the_state_the_slide_creates(name, index, slide, network):
    assert check_claims(slide.state, SlideContext(slide.state, network)) == []


def test_numbers_are_read_as_written():
    got = [(n.value, n.decimals, n.scale) for n in numbers_in("61.7K, 2 million, 200 万 and 70 %")]
    assert got == [(61.7, 1, 1e3), (2.0, 0, 1e6), (200.0, 0, 1e4), (70.0, 0, 0.01)]
    assert [n.value for n in numbers_in("VGG-11 has conv3 and 2,400 weights; −1")] == [2400, -1]
    one = numbers_in("61.7K")[0]
    assert one.matches(61_706) and not one.matches(62_706)
    exact = numbers_in("256")[0]
    assert exact.matches(256) and not exact.matches(255)  # no slack for an exact number


def test_a_wrong_number_is_caught():
    slide = lessons.load_lesson("01_cross_correlation").slides[1]
    wrong = dict(slide.state, claims={"output": [[19, 25], [37, 44]]})
    (problem,) = check_claims(wrong, SlideContext(wrong))
    assert "44" in problem and "43" in problem
    untold = lessons.Slide("t", "The output is 41.", state=slide.state)
    assert unexplained_numbers(untold, "en") == ["41"]


def test_a_claim_naming_an_unknown_probe_is_refused_at_load_time():
    text = """title = "t"
[[slides]]
title = "s"
text = "x"
view = "architecture"
network = "lenet"
[slides.claims]
"paramz:total" = 1
"""
    with pytest.raises(lessons.LessonError, match="not a probe"):
        lessons.parse_lesson(text)
    with pytest.raises(ValueError, match="needs an argument"):
        split_probe("shape")


def test_a_layer_probe_builds_a_real_layer_and_never_runs_code():
    from cnnviz.core.claims import PROBES

    layer = PROBES["layer"].read
    # GoogLeNet's saving: a direct 5×5 from 192 to 32 channels on 12×12, against 1×1 first
    assert layer(None, "Conv2d(192, 32, 5, padding=2)@12") == [153_632, 22_118_400]
    assert layer(None, "Conv2d(192, 16, 1)@12")[1] == 442_368
    assert layer(None, "Linear(784, 4704, bias=False)") == [3_687_936, 3_687_936]
    for text in ("__import__('os').system('true')", "Conv2d(open('x'))", "Dropout(0.5)", "Conv2d("):
        with pytest.raises(ValueError):
            layer(None, text)
