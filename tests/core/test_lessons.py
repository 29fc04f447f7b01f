"""Lessons: the shipped ones are complete and consistent; broken files name the line."""

import pytest

from cnnviz.core import lessons, samples
from cnnviz.core.graph import layer_graph_for

NAMES = lessons.list_lessons()


def test_nine_lessons_cover_the_chapter():
    assert len(NAMES) == 9
    titles = [lessons.load_lesson(n).title for n in NAMES]
    assert titles[0] == "Cross-correlation" and titles[-1] == "ResNet and DenseNet"


@pytest.mark.parametrize("name", NAMES)
def test_every_lesson_is_bilingual_and_consistent(name):
    lesson = lessons.load_lesson(name)
    assert 4 <= len(lesson.slides) <= 10
    assert lesson.title_zh
    for s in lesson.slides:
        assert s.title and s.text and s.title_zh and s.text_zh, s.title
        assert any("\u4e00" <= c <= "\u9fff" for c in s.text_zh)
        st = s.state
        if "input" in st:
            assert st["input"] in samples.list_samples(), st["input"]
        if isinstance(st.get("kernel"), str):
            assert st["kernel"] in samples.list_kernel_presets(), st["kernel"]
        if "network" in st and s.view == "architecture":
            g = layer_graph_for(st["network"])
            unfold = st.get("unfold", [])
            for block in [] if unfold == "all" else unfold:
                assert block in g.blocks, (name, block)
            if "select" in st:
                g.node(st["select"])  # raises KeyError when the layer doesn't exist


def test_batch_norm_lesson_states_mean_beta_and_standard_deviation_gamma():
    text = " ".join(s.text for s in lessons.load_lesson("08_batch_norm").slides)
    text_zh = " ".join(s.text_zh for s in lessons.load_lesson("08_batch_norm").slides)
    assert "mean β and standard deviation γ" in text
    assert "均值为 β、标准差为 γ" in text_zh
    assert "variance γ" not in text and "1+β" not in text.replace(" ", "")


def test_inception_arithmetic_is_in_the_googlenet_lesson():
    text = lessons.load_lesson("07_googlenet").slides[1].text
    assert "192 → 64 + 128 + 32 + 32 = 256" in text
    g = layer_graph_for("googlenet")
    assert g.node("2.0.cat").output_shape[1] == 64 + 128 + 32 + 32


def test_round_trip_through_dump():
    for name in NAMES:
        lesson = lessons.load_lesson(name)
        again = lessons.parse_lesson(lessons.dump_lesson(lesson))
        assert again.title == lesson.title and again.title_zh == lesson.title_zh
        assert [(s.title, s.text, s.title_zh, s.text_zh, s.state) for s in again.slides] == [
            (s.title, s.text, s.title_zh, s.text_zh, s.state) for s in lesson.slides
        ]


GOOD = """title = "Mine"

[[slides]]
title = "One"
text = "first"
view = "lab"

[[slides]]
title = "Two"
text = "second"
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace('view = "lab"', 'view = "lab'), r"line 6: not valid TOML"),
        (
            GOOD.replace('view = "lab"', 'veiw = "lab"'),
            r"line 6: slide 1 has an unknown key 'veiw'",
        ),
        (GOOD.replace('view = "lab"', 'view = "slides"'), r"line 6: slide 1: view must be one of"),
        (GOOD.replace('view = "lab"', "padding = -1"), r"line 6: slide 1: padding must be"),
        (GOOD.replace('text = "second"\n', ""), r"line 8: slide 2 needs a text"),
        (GOOD.replace('title = "Mine"', ""), r"line 1: the lesson needs a title"),
        ('title = "x"\n', r"no slides"),
        (GOOD + "extra = 1\n", r"slide 2 has an unknown key 'extra'"),
        (GOOD.replace('view = "lab"', 'network = "lenet5"'), r"line 6: slide 1: network must be"),
    ],
)
def test_broken_lessons_name_the_line_and_problem(text, message):
    with pytest.raises(lessons.LessonError, match=message):
        lessons.parse_lesson(text, name="mine")


def test_unknown_lesson_and_unreadable_file(tmp_path):
    with pytest.raises(lessons.LessonError, match="no lesson called 'nope'"):
        lessons.load_lesson("nope")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(lessons.LessonError, match="cannot read"):
        lessons.load_lesson(bad)
