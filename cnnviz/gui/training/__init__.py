"""The training view: train a network in a worker process and watch it learn, live."""

from cnnviz.gui.training.view import TrainingView

__all__ = ["TrainingView"]
