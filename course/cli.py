"""The `course` command line: it only parses arguments and calls course.grading."""

from __future__ import annotations

import argparse
import sys
import time
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
    grade.add_argument(
        "--cell-timeout", type=int, help="seconds per cell (default: nbgrader_config.py's)"
    )
    grade.add_argument(
        "--kernels",
        choices=["cold", "warm"],
        default="warm",
        help="warm: pre-started workers, a forked process per notebook (default, faster); "
        "cold: stock nbgrader and a new kernel per submission",
    )

    demo = verbs.add_parser("demo", help="build, grade three sample submissions, print grades")
    demo.add_argument("--workers", type=int, default=2)

    bench = verbs.add_parser("bench", help="print timing figures (no assertions)")
    bench.add_argument("series", nargs="?", default="01-floating-point")

    bench_class = verbs.add_parser(
        "bench-class", help="grading throughput on a synthetic class vs stock nbgrader"
    )
    bench_class.add_argument("series", nargs="?", default="01-floating-point")
    bench_class.add_argument("--students", type=int, default=40)
    bench_class.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    bench_class.add_argument("--kernels", nargs="+", default=["cold", "warm"])
    return parser


def _progress_printer():
    """A progress bar with an estimate of the time left, one line per graded submission."""
    start = time.perf_counter()

    def progress(done: int, total: int, result) -> None:
        elapsed = time.perf_counter() - start
        left = elapsed / done * (total - done)
        bar = "#" * round(20 * done / total)
        note = f", {len(result.problems)} problem(s)" if result.problems else ""
        note += f", {len(result.flags)} flag(s)" if result.flags else ""
        print(
            f"[{bar:<20}] {done}/{total} ETA {int(left) // 60}m{int(left) % 60:02d}s  "
            f"{result.student}: {result.status}{note} ({result.seconds:.1f} s)",
            flush=True,
        )

    return progress


def _grade(layout, args) -> int:
    from .grading.build import exercise_points
    from .grading.feedback import write_feedback
    from .grading.grade import grade
    from .grading.report import format_table, plot_class, write_csv

    results = grade(
        layout,
        args.series,
        workers=args.workers,
        db_url=args.db,
        on_result=_progress_printer(),
        cell_timeout=args.cell_timeout,
        kernels=args.kernels,
    )
    points = exercise_points(layout, args.series)
    csv_path = write_csv(layout.reports / f"{args.series}-grades.csv", args.series, results, points)
    plot = plot_class(layout.reports / f"{args.series}-scores.png", args.series, results, points)
    feedback = write_feedback(layout, args.series, results)
    print(format_table(args.series, results, points))
    failed = sum(r.status == "failed" for r in results)
    partial = sum(r.status == "partial" for r in results)
    flagged = sum(bool(r.flags) for r in results)
    print(
        f"{len(results)} submission(s): {len(results) - failed - partial} graded, "
        f"{partial} partly graded, {failed} not graded, {flagged} flagged for review"
    )
    for label, path in (("gradebook CSV", csv_path), ("class plot", plot), ("feedback", feedback)):
        print(f"{label}: {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from .grading.layout import CourseError, CourseLayout, ensure_tools_on_path, find_root

    # nbgrader runs `alembic` from PATH to create a gradebook: make this environment's tools
    # visible even when its virtualenv is not activated.
    ensure_tools_on_path()

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
        if args.verb == "bench-class":
            from .grading.bench_class import run_class_benchmark

            return run_class_benchmark(
                layout, args.series, args.students, tuple(args.workers), tuple(args.kernels)
            )
    except (CourseError, ValueError) as error:
        print(f"course {args.verb}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"course {args.verb}: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
