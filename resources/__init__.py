"""Files shipped with cnnviz (sample images, icons, translations, lessons).

This folder is installed as the package ``cnnviz.resources``; find files through
:func:`cnnviz.resources_path` so that a checkout and an installed wheel behave the same.
"""
