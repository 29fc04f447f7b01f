"""Building the feature extractor the lab runs: from a zoo name or from a given network."""

import pytest
import torch
from torch import nn

from cnnviz.core import models
from cnnviz.core.features import FeatureExtractor, feature_extractor


def test_zoo_network_is_built_in_eval_mode_with_the_books_input_shape():
    extractor = feature_extractor("lenet")
    assert isinstance(extractor, FeatureExtractor)
    assert not extractor.model.training
    assert extractor.input_shape == models.model_info("lenet").input_shape


def test_zoo_network_is_built_reproducibly():
    a, b = feature_extractor("lenet").model, feature_extractor("lenet").model
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)


def test_given_model_is_copied_to_the_cpu_and_left_untouched():
    given = nn.Sequential(nn.Conv2d(2, 4, 3), nn.ReLU()).train()
    extractor = feature_extractor(None, given)
    assert extractor.model is not given and given.training and not extractor.model.training
    assert torch.equal(extractor.model[0].weight, given[0].weight)
    assert extractor.model[0].weight.device.type == "cpu"
    assert extractor.input_shape == (1, 2, 224, 224)  # C from the first convolution
    with torch.no_grad():
        given[0].weight.zero_()
    assert extractor.model[0].weight.abs().sum() > 0  # a copy, not a view


def test_given_model_wins_over_the_name_but_the_name_gives_the_input_shape():
    given = models.get_model("lenet")
    extractor = feature_extractor("lenet", given)
    assert extractor.model is not given
    assert extractor.input_shape == models.model_info("lenet").input_shape
    result = extractor.run(torch.rand(1, 28, 28))
    assert len(result.maps) > 1


def test_no_network_and_unknown_names_raise_a_sentence():
    with pytest.raises(ValueError, match="no network is chosen"):
        feature_extractor(None)
    with pytest.raises(ValueError):
        feature_extractor("no_such_net")
