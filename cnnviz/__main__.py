"""``python -m cnnviz``: same as the ``cnnviz`` command."""

from cnnviz.cli import main

raise SystemExit(main())
