"""The training view's state: the runs a slide lays over the plot (``overlay``)."""

import pytest

from cnnviz.core import lessons
from cnnviz.core.errors import FieldError
from cnnviz.core.states import TrainingState


def test_overlay_names_runs_and_round_trips_through_slide_keys():
    state = TrainingState.from_slide({"epochs": 3, "overlay": ["lr-0.9", "lr-0.1"]})
    assert state.overlay == ("lr-0.9", "lr-0.1")  # a tuple: the state stays hashable
    assert state.to_slide() == {"epochs": 3, "overlay": ["lr-0.9", "lr-0.1"]}
    assert TrainingState.from_slide(state.to_slide()) == state
    # left out: no run laid over (and no key written back)
    assert TrainingState.from_slide({"epochs": 3}).overlay == ()
    assert "overlay" not in TrainingState(epochs=3).to_slide()


@pytest.mark.parametrize("bad", ["lr-0.9", [""], [3], ["a", None]])
def test_an_overlay_that_is_not_a_list_of_names_is_refused(bad):
    with pytest.raises(FieldError, match="overlay must be a list of run names") as info:
        TrainingState.from_slide({"overlay": bad})
    assert info.value.field == "overlay"


def test_a_lesson_slide_may_name_the_runs_to_lay_over():
    text = (
        'title = "T"\n[[slides]]\ntitle = "S"\ntext = "x"\nview = "training"\n'
        'network = "lenet"\noverlay = ["lenet-lr-0.1", "lenet-lr-0.9"]\n'
    )
    slide = lessons.parse_lesson(text, name="t").slides[0]
    assert slide.state["overlay"] == ["lenet-lr-0.1", "lenet-lr-0.9"]
    with pytest.raises(lessons.LessonError, match="overlay must be a list of run names"):
        lessons.parse_lesson(text.replace('["lenet-lr-0.1", "lenet-lr-0.9"]', '"x"'), name="t")
