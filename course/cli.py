"""The `course` command line: it only parses arguments and calls course.grading."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course", description="Build, grade and demo the numerics course (nbgrader)."
    )
    parser.add_argument("--root", type=Path, help="course root (default: found from the cwd)")
    verbs = parser.add_subparsers(dest="verb", required=True)

    build = verbs.add_parser("build", help="check source notebooks, write release/ and solutions/")
    build.add_argument(
        "series", nargs="?", help="one series, e.g. 01-floating-point (default: all)"
    )
    build.add_argument("--db", help="gradebook URL (default: nbgrader_config.py's)")

    check = verbs.add_parser("check", help="check source notebooks only; write nothing")
    check.add_argument("series", nargs="?", help="one series (default: all)")

    grade = verbs.add_parser("grade", help="autograde submitted/<student>/SERIES/ and report")
    grade.add_argument("series", help="the series to grade, e.g. 01-floating-point")
    grade.add_argument("--workers", type=int, default=1, help="students graded in parallel")
    grade.add_argument("--db", help="gradebook URL (default: nbgrader_config.py's SQLite file)")

    demo = verbs.add_parser("demo", help="build, grade three sample submissions, print grades")
    demo.add_argument("--workers", type=int, default=2)

    bench = verbs.add_parser("bench", help="print timing figures (no assertions)")
    bench.add_argument("series", nargs="?", default="01-floating-point")
    return parser


def _grade(layout, args) -> int:
    from .grading.build import exercise_points
    from .grading.grade import grade
    from .grading.report import format_table, write_csv

    def progress(done: int, total: int, result) -> None:
        note = f" ({len(result.problems)} problem(s))" if result.problems else ""
        print(f"[{done}/{total}] {result.student}: {result.status}{note} in {result.seconds:.1f} s")

    results = grade(layout, args.series, workers=args.workers, db_url=args.db, on_result=progress)
    points = exercise_points(layout, args.series)
    path = write_csv(layout.reports / f"{args.series}-grades.csv", args.series, results, points)
    print(format_table(args.series, results, points))
    failed = sum(r.status == "failed" for r in results)
    print(f"{len(results)} submission(s), {failed} not graded; gradebook CSV: {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # nbgrader runs `alembic` from PATH to create a gradebook: make this environment's tools
    # visible even when its virtualenv is not activated.
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    from .grading.layout import CourseError, CourseLayout, find_root

    try:
        layout = CourseLayout(args.root.resolve()) if args.root else find_root()
        if args.verb == "build":
            from .grading.build import build

            for path in build(layout, args.series, db_url=args.db):
                print(f"wrote {path.relative_to(layout.root)}")
            return 0
        if args.verb == "check":
            from .grading.build import check_source

            problems = [
                p
                for s in ([args.series] if args.series else layout.series())
                for p in check_source(layout, s)
            ]
            for problem in problems:
                print(problem)
            print("source notebooks: " + ("OK" if not problems else f"{len(problems)} problem(s)"))
            return 1 if problems else 0
        if args.verb == "grade":
            return _grade(layout, args)
        if args.verb == "demo":
            from .grading.demo import run_demo

            return run_demo(layout, workers=args.workers)
        if args.verb == "bench":
            from .grading.bench import run_benchmarks

            return run_benchmarks(layout, args.series)
    except (CourseError, ValueError) as error:
        print(f"course {args.verb}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"course {args.verb}: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
