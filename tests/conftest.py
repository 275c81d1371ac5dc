"""Make tests/ importable (harness, course_copy, answers) from every test module."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
