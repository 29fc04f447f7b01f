"""Shared test set-up: Qt always runs offscreen, and torch uses few threads on CI's 2 cores."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
