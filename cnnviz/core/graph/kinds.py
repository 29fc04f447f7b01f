"""Layer kinds: what a view colours a layer by (``"Conv2d"`` → ``"conv"``)."""

from __future__ import annotations

#: layer kind by lower-cased type name (module class name or function/method name)
_KINDS: dict[str, str] = {}
for _kind, _names in {
    "conv": "conv1d conv2d conv3d convtranspose1d convtranspose2d convtranspose3d lazyconv2d",
    "pool": "maxpool1d maxpool2d maxpool3d avgpool1d avgpool2d avgpool3d adaptiveavgpool1d "
    "adaptiveavgpool2d adaptivemaxpool2d max_pool2d avg_pool2d adaptive_avg_pool2d "
    "adaptive_max_pool2d lppool2d",
    "norm": "batchnorm batchnorm1d batchnorm2d batchnorm3d layernorm groupnorm instancenorm2d "
    "localresponsenorm layernorm2d batch_norm layer_norm",
    "activation": "relu relu6 sigmoid tanh gelu silu leakyrelu elu selu hardswish hardsigmoid "
    "softmax log_softmax logsoftmax mish prelu hardtanh leaky_relu relu_ sigmoid_ softplus",
    "linear": "linear bilinear lazylinear matmul",
    "merge": "cat concat concatenate add iadd add_ mul imul sub stack",
    "reshape": "flatten view reshape unflatten permute transpose squeeze unsqueeze contiguous "
    "identity",
    "dropout": "dropout dropout2d alphadropout dropout1d",
}.items():
    for _n in _names.split():
        _KINDS[_n] = _kind

#: the kinds a view colours, in legend order
KINDS: tuple[str, ...] = (
    "input", "conv", "pool", "norm", "activation", "linear", "merge", "reshape", "dropout", "other"
)  # fmt: skip


def kind_of(type_name: str) -> str:
    """Category of a layer type (``"Conv2d"`` → ``"conv"``, ``"cat"`` → ``"merge"``)."""
    return _KINDS.get(type_name.lower(), "other")
