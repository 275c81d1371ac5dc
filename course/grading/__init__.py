"""Instructor tooling: check and build notebooks, autograde submissions, report, benchmark."""
