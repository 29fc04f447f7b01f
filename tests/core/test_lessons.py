"""Lessons: the shipped ones are complete and consistent; broken files name the line."""

import subprocess
import sys

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
    assert 8 <= len(lesson.slides) <= 12
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


def test_dump_keeps_texts_readable_and_odd_characters_exact():
    text = 'Two lines:\nK = [1, −1] and "quoted", a back\\slash, a\ttab, """ and 19.'
    slide = lessons.Slide("One", text, "一", "第一行\n第二行", {"view": "lab", "kernel": [[0, 1]]})
    dumped = lessons.dump_lesson(lessons.Lesson("Mine", [slide]))
    assert "第一行\n第二行" in dumped and "K = [1, −1]" in dumped  # not escaped to one line
    again = lessons.parse_lesson(dumped).slides[0]
    assert (again.text, again.text_zh, again.state) == (text, slide.text_zh, slide.state)
    with pytest.raises(TypeError):
        lessons.dump_lesson(lessons.Lesson("Mine", [lessons.Slide("x", "y", state={"a": None})]))


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


# --------------------------------------------------------------------------- values that would
# fail only in class: each is refused at load time with the file, the line and the key

LAB = """title = "Mine"

[[slides]]
title = "One"
text = "first"
view = "lab"
{lines}
"""  # the slide's own keys start at line 7

ARCH = """title = "Mine"

[[slides]]
title = "One"
text = "first"
network = "{network}"

[[slides]]
title = "Two"
text = "second"
{lines}
"""  # slide 2 keeps slide 1's network; its keys start at line 11


@pytest.mark.parametrize(
    ("text", "line", "key", "fragment"),
    [
        # architecture: a layer or block the network doesn't have
        (ARCH.format(network="lenet", lines='select = "conv9"'), 11, "select",
         "'conv9' is not a layer of lenet (its layers: input, 0, 1,"),
        (ARCH.format(network="googlenet", lines='unfold = ["2"]\nselect = "2.0.ct"'), 12,
         "select", "did you mean '2.0.cat'?"),
        (ARCH.format(network="resnet18", lines='unfold = ["1", "1.9"]'), 11, "unfold",
         "'1.9' is not a block of resnet18"),
        (ARCH.format(network="lenet", lines='network = "alexnet"\nselect = "1.0.add"'), 12,
         "select", "is not a layer of alexnet"),
        (ARCH.format(network="resnet18", lines='focus = "1.9"'), 11, "focus",
         "'1.9' is neither a layer nor a block of resnet18"),
        # names of samples and kernel presets
        (LAB.format(lines='input = "book3x3"'), 7, "input",
         "'book3x3' is not a sample (did you mean 'book_3x3'?"),
        (LAB.format(lines='kernel = "sobel"'), 7, "kernel", "'sobel' is not a kernel preset"),
        # ragged kernels
        (LAB.format(lines="kernel = [[0, 1], [2]]"), 7, "kernel",
         "row 2 has 1 number but row 1 has 2"),
        (LAB.format(lines="in_channels = 2\nkernel = [[[0, 1], [2, 3]], [[1, 2, 3]]]"), 8,
         "kernel", "the matrix of channel 2 is 1×3 but that of channel 1 is 2×2"),
        (LAB.format(lines="kernel = [[[1]], [[2]]]"), 7, "kernel",
         "2 channel matrices but in_channels is 1 (the default)"),
        (LAB.format(lines="in_channels = 3\nkernel = [[[1]], [[2]], [[3]], [[4]]]"), 8,
         "kernel", "4 channel matrices, but the lab has at most 3 input channels"),
        (LAB.format(lines=f"kernel = [{[0] * 16}]"), 7, "kernel",
         "a 1×16 kernel is larger than the lab's largest, 15×15"),
        # beyond the lab's controls
        (LAB.format(lines="kernel_size = 100000"), 7, "kernel_size",
         "kernel_size must be an integer or a pair of integers from 1 to 15, not 100000"),
        (LAB.format(lines="kernel_size = [3, 16]"), 7, "kernel_size", "from 1 to 15"),
        (LAB.format(lines="padding = 17"), 7, "padding", "from 0 to 16, not 17"),
        (LAB.format(lines="stride = [1, 1000]"), 7, "stride", "from 1 to 16"),
        (LAB.format(lines="dilation = 9"), 7, "dilation", "from 1 to 8, not 9"),
        (LAB.format(lines="in_channels = 4"), 7, "in_channels", "from 1 to 3"),
        (LAB.format(lines="out_channels = 5"), 7, "out_channels", "from 1 to 4"),
        (LAB.format(lines="bias = 1e9"), 7, "bias", "from -100 to 100"),
        (LAB.format(lines="bias = nan"), 7, "bias", "from -100 to 100"),
        # combinations whose output would be empty
        (LAB.format(lines='lab_mode = "conv"\ninput = "book_3x3"\nkernel = "sobel_x"\n'
                          "dilation = 2"), 9, "kernel",
         "the 3×3 kernel with dilation 2×2 spans 5×5 cells, more than the 3×3 input "
         "'book_3x3' padded to 3×3, so the output would be empty"),
        (LAB.format(lines='lab_mode = "conv"\ninput = "book_3x3"\nkernel_size = [4, 2]'), 9,
         "kernel_size", "the 4×2 kernel spans 4×2 cells"),
        (LAB.format(lines='lab_mode = "pool"\ninput = "book_3x3"\nkernel_size = 4'), 9,
         "kernel_size", "the 4×4 pooling window spans 4×4 cells"),
        (LAB.format(lines='lab_mode = "backward"\npool = "max"\ninput = "book_3x3"\n'
                          "kernel_size = 2\npadding = 2"), 11,
         "padding", "2×2 is more than half the 2×2 pooling window; at most 1×1"),
    ],
)  # fmt: skip
def test_values_that_would_fail_in_class_are_refused_at_load_time(text, line, key, fragment):
    with pytest.raises(lessons.LessonError) as err:
        lessons.parse_lesson(text, path="lesson.toml")
    message = str(err.value)
    assert message.startswith(f"lesson.toml: line {line}: slide ")
    assert f": {key}" in message and fragment in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "text",
    [
        ARCH.format(network="googlenet", lines='unfold = ["2", "2.0"]\nselect = "2.0.cat"'),
        ARCH.format(network="lenet", lines='view = "lab"\nlab_mode = "conv"'),
        LAB.format(lines=f"kernel = {[[0] * 15] * 15}"),
        LAB.format(lines="kernel_size = 15\npadding = 16\nstride = 16\ndilation = 8\nbias = -100"),
        LAB.format(lines='lab_mode = "conv"\ninput = "book_3x3"\nkernel = [[1, 2, 3]]\n'
                         "dilation = [1, 1]"),  # a 1×3 kernel fits a 3×3 input exactly
        LAB.format(lines='lab_mode = "conv"\ninput = "book_3x3"\nkernel = "sobel_x"\n'
                         "dilation = 2\npadding = 1"),  # padding makes room for the dilation
        LAB.format(lines='lab_mode = "pool"\ninput = "book_3x3"\nkernel_size = 3\npadding = 1'),
        LAB.format(lines='lab_mode = "learn"\ninput = "book_3x3"\nkernel_size = 9'),  # no stepper
        LAB.format(lines="in_channels = 2\nkernel = [[[0, 1], [2, 3]], [[1, 2], [3, 4]]]"),
    ],
)  # fmt: skip
def test_values_at_the_labs_limits_still_load(text):
    lessons.parse_lesson(text)


def test_a_select_without_any_network_is_left_to_the_network_on_screen():
    """Nothing to check against (e.g. a slide saved while the user's own model was shown)."""
    text = LAB.format(lines='select = "whatever"').replace('view = "lab"', 'view = "architecture"')
    assert lessons.parse_lesson(text).slides[0].state["select"] == "whatever"


def test_a_slide_that_is_not_a_table_is_one_line():
    with pytest.raises(lessons.LessonError, match=r"line 2: slide 1 must be a \[\[slides\]\]"):
        lessons.parse_lesson('title = "x"\nslides = [1]\n')


def test_parsing_a_lab_lesson_without_names_does_not_import_torch():
    text = LAB.format(lines='lab_mode = "pool"\npadding = [0, 1]\nkernel_size = [2, 3]')
    code = (
        "import sys\n"
        "from cnnviz.core import lessons\n"
        f"lessons.parse_lesson({text!r})\n"
        "print(','.join(m for m in ('torch', 'PySide6') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_export_of_a_broken_lesson_is_one_line_and_status_2(tmp_path, capsys):
    from cnnviz import cli

    bad = tmp_path / "bad.toml"
    bad.write_text(ARCH.format(network="lenet", lines='select = "conv9"'), encoding="utf-8")
    out = tmp_path / "slides"
    code = cli.main(["export", "--lesson", str(bad), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == (
        f"cnnviz: error: {bad}: line 11: slide 2: select: 'conv9' is not a layer of lenet "
        "(its layers: input, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … (13 in all))\n"
    )
    assert "Traceback" not in captured.err + captured.out
    assert not out.exists()  # refused before any window or folder


# --------------------------------------------------------------------------- state models


@pytest.mark.parametrize(
    ("slide", "key", "fragment"),
    [
        ('view = "lab"\nlab_mode = "backward"\ngradient = "ones"\nfocus = "middle"', "focus",
         'a number or "end"'),
        ('view = "training"\nfocus = "loss"', "focus", "curves, confusion"),
        ('view = "compare"\nfocus = "lenet6"', "focus", "did you mean 'lenet'"),
        ('view = "architecture"\nnetwork = "lenet"\nfocus = "conv9"', "focus",
         "neither a layer nor a block"),
    ],
)  # fmt: skip
def test_a_focus_the_view_cannot_show_is_refused_at_load(slide, key, fragment):
    text = f'title = "T"\n[[slides]]\ntitle = "S"\ntext = "x"\n{slide}\n'
    with pytest.raises(lessons.LessonError) as info:
        lessons.parse_lesson(text, name="t")
    message = str(info.value)
    assert f": {key}: " in message and fragment in message, message
    assert "line " in message


def test_every_shipped_slide_is_a_valid_state_of_its_view():
    from cnnviz.core.lab_state import LabState
    from cnnviz.core.states import ArchitectureState, TrainingState

    models = {"architecture": ArchitectureState, "lab": LabState, "training": TrainingState}
    count = 0
    for name in NAMES:
        for slide in lessons.load_lesson(name).slides:
            if slide.view in models:
                models[slide.view].from_slide(slide.state)
                count += 1
    assert count >= 35
