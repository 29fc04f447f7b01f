"""The networks of the CNN chapter, as the d2l book builds them, one module per family.

>>> from cnnviz.core import models
>>> models.list_models()[:3]
['lenet', 'lenet_bn', 'lenet_bn_scratch']
>>> net = models.get_model("lenet")          # 1 input channel, 10 classes (Fashion-MNIST)
>>> models.model_info("lenet").input_shape
(1, 1, 28, 28)

Every builder is keyword-only (``num_classes``, ``in_channels``) and registered with
:func:`register_model` under a name of :data:`cnnviz.core.catalog.NETWORKS`, which holds its
title, idea, input shape and recipe. The blocks (:func:`vgg_block`, :class:`Inception`,
:class:`Residual`, …) are public so a notebook can build its own variants.
"""

from __future__ import annotations

from cnnviz.core.models.alexnet import alexnet
from cnnviz.core.models.batchnorm import lenet_bn, lenet_bn_scratch
from cnnviz.core.models.densenet import (
    ConvBlock,
    DenseBlock,
    TransitionBlock,
    conv_block,
    densenet,
    transition_block,
)
from cnnviz.core.models.googlenet import Inception, googlenet
from cnnviz.core.models.lenet import lenet
from cnnviz.core.models.nin import NiNBlock, nin, nin_block
from cnnviz.core.models.registry import (
    ModelInfo,
    Recipe,
    get_model,
    list_models,
    model_info,
    register_model,
)
from cnnviz.core.models.resnet import Residual, resnet18, resnet_block
from cnnviz.core.models.vgg import VGG11_ARCH, VGGBlock, vgg, vgg11, vgg11_small, vgg_block

__all__ = [
    "VGG11_ARCH",
    "ConvBlock",
    "DenseBlock",
    "Inception",
    "ModelInfo",
    "NiNBlock",
    "Recipe",
    "Residual",
    "TransitionBlock",
    "VGGBlock",
    "alexnet",
    "conv_block",
    "densenet",
    "get_model",
    "googlenet",
    "lenet",
    "lenet_bn",
    "lenet_bn_scratch",
    "list_models",
    "model_info",
    "nin",
    "nin_block",
    "register_model",
    "resnet18",
    "resnet_block",
    "transition_block",
    "vgg",
    "vgg11",
    "vgg11_small",
    "vgg_block",
]
