"""Benchmarks: timing figures of grading and of the widgets, printed, never asserted.

This package sits above `course.grading` and `course.widgets` and is imported by neither (a test
checks the imports), so what it measures stays free of what measures it. Notebooks never import
it; it ships with the package only so that the `course bench` verbs work from an install.
"""
