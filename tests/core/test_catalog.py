"""The catalog names everything without torch, and every registry agrees with it."""

import subprocess
import sys

import pytest

from cnnviz.core import catalog


def test_importing_the_catalog_loads_nothing_heavy():
    code = (
        "import sys\n"
        "import cnnviz.core.catalog\n"
        "heavy = ('torch', 'torchvision', 'PySide6', 'pyqtgraph', 'numpy')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == ""


def test_text_picks_the_language():
    t = catalog.Text("Sharpen", "锐化")
    assert t.get("en") == "Sharpen" and t.get("zh_CN") == "锐化" and t.get("zh") == "锐化"
    assert t.get("fr") == "Sharpen" and str(t) == "Sharpen"
    assert catalog.Text("LeNet").get("zh_CN") == "LeNet"  # no Chinese: the English text


@pytest.mark.parametrize(
    "table",
    [catalog.DATASETS, catalog.NETWORKS, catalog.SAMPLES, catalog.KERNEL_PRESETS],
    ids=["datasets", "networks", "samples", "kernels"],
)
def test_every_entry_is_named_by_its_key_and_has_both_titles(table):
    for name, entry in table.items():
        assert entry.name == name
        assert entry.title.en and entry.title.zh, name


def test_name_functions_follow_the_tables():
    assert catalog.dataset_names() == tuple(catalog.DATASETS)
    assert catalog.network_names() == tuple(catalog.NETWORKS)
    assert catalog.sample_names() == tuple(catalog.SAMPLES)
    assert catalog.kernel_preset_names() == tuple(catalog.KERNEL_PRESETS)
    assert {e.group for e in catalog.SAMPLES.values()} <= set(catalog.SAMPLE_GROUPS)


def test_the_zoo_registry_is_the_catalog():
    from cnnviz.core import models

    assert tuple(models.list_models()) == catalog.network_names()
    for name, entry in catalog.NETWORKS.items():
        info = models.model_info(name)
        assert info.title == entry.title.en
        assert (info.idea, info.idea_zh) == (entry.idea.en, entry.idea.zh)
        assert info.input_shape == (1, *entry.input_shape)
        assert info.recipe == entry.recipe and info.year == entry.year


def test_registering_a_name_outside_the_catalog_fails():
    from cnnviz.core import models

    with pytest.raises(ValueError, match="not a network of cnnviz.core.catalog"):
        models.register_model("lenet7")
    with pytest.raises(ValueError, match="already registered"):
        models.register_model("lenet")(models.lenet)


def test_the_data_set_loaders_are_the_catalog():
    from cnnviz.core import data

    assert tuple(data.DATASETS) == catalog.dataset_names()
    assert tuple(data.list_datasets()) == catalog.dataset_names()
    shapes = data.make_shapes(20, 10)
    entry = catalog.DATASETS["shapes"]
    assert len(shapes.classes) == entry.classes
    assert (shapes.channels, *shapes.image_size) == entry.input_shape


def test_the_sample_and_kernel_registries_are_the_catalog():
    from cnnviz.core import samples

    assert tuple(samples.list_samples()) == catalog.sample_names()
    assert tuple(samples.list_kernel_presets()) == catalog.kernel_preset_names()
    for name, entry in catalog.SAMPLES.items():
        s = samples.get_sample(name)
        assert (s.title, s.group) == (entry.title.en, entry.group)
    for name, entry in catalog.KERNEL_PRESETS.items():
        assert samples.get_kernel_preset(name).title == entry.title.en


def test_the_training_config_accepts_exactly_the_catalogs_optimisers():
    from cnnviz.core.training.config import TrainConfig

    for name in catalog.OPTIMIZERS:
        TrainConfig(optimizer=name).resolved()
    with pytest.raises(ValueError, match="optimizer"):
        TrainConfig(optimizer="rmsprop").resolved()


def test_the_lesson_schema_reads_the_catalog():
    from cnnviz.core import lessons

    assert lessons.VIEWS == catalog.VIEWS and lessons.LAB_MODES == catalog.LAB_MODES
    assert lessons.LAB_LIMITS is catalog.LAB_LIMITS
    assert lessons.SLIDE_KEYS["dataset"] == "fashion-mnist, mnist, cifar10 or shapes"
    assert lessons.SLIDE_KEYS["in_channels"] == "an integer from 1 to 3"
