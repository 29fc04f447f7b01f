"""Titles of the core's kernel presets, samples and networks in the app's language (catalog)."""

from __future__ import annotations

from cnnviz.core import catalog
from cnnviz.gui import i18n

__all__ = ["kernel_title", "network_title", "sample_title"]


def kernel_title(name: str) -> str:
    """The title of kernel preset ``name`` in the current language (English if not listed)."""
    entry = catalog.KERNEL_PRESETS.get(name)
    if entry is None:
        from cnnviz.core import samples  # a preset registered at run time

        return samples.get_kernel_preset(name).title
    return entry.title.get(i18n.current_language())


def sample_title(name: str) -> str:
    """The title of sample ``name`` in the current language (English if not listed)."""
    entry = catalog.SAMPLES.get(name)
    if entry is None:
        from cnnviz.core import samples  # a sample registered at run time

        return samples.get_sample(name).title
    return entry.title.get(i18n.current_language())


def network_title(name: str | None) -> str:
    """The title of zoo network ``name`` in the current language ("LeNet-5", not "lenet");
    a network from elsewhere keeps its name."""
    entry = catalog.NETWORKS.get(name or "")
    return entry.title.get(i18n.current_language()) if entry else (name or "")
