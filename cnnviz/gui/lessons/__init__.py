"""Click-through lessons: the slide panel and classroom mode."""

from cnnviz.gui.lessons.panel import LessonPanel

__all__ = ["LessonPanel"]
