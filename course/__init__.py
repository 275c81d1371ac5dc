"""numerics-course: the library behind the course notebooks (widgets, plotting, checks, tools)."""

__version__ = "0.1.0"
