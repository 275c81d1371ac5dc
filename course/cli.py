"""The `course` command line: it only parses arguments and calls course.grading or course.bench."""

from __future__ import annotations

import argparse
import contextlib
import json
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
    grade.add_argument("--timings", type=Path, help="write where the time went (JSON) to this file")

    demo = verbs.add_parser("demo", help="build, grade three sample submissions, print grades")
    demo.add_argument("--workers", type=int, default=2)

    bench = verbs.add_parser("bench", help="print timing figures (no assertions)")
    bench.add_argument("series", nargs="?", default="01-floating-point")

    bench_class = verbs.add_parser(
        "bench-class", help="grading throughput on a synthetic class vs stock nbgrader"
    )
    bench_class.add_argument("series", nargs="?", default="01-floating-point")
    bench_class.add_argument(
        "--students", type=int, nargs="+", default=[40], help="class sizes, e.g. 1 12 40"
    )
    bench_class.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    bench_class.add_argument("--kernels", nargs="+", default=["cold", "warm"])
    return parser


def _grade(layout, args) -> int:
    from .grading.timing import Phases

    phases = Phases() if args.timings else None
    with contextlib.ExitStack() as stack:
        pool = None
        if args.kernels == "warm":
            # The workers start before this process imports nbgrader and reads anything: a
            # worker's imports (numpy, torch, nbgrader...) are the longest step of a small class.
            from .grading.warm import start_pool

            pool = start_pool(layout, args.series, args.workers, phases)
            if pool is not None:
                stack.enter_context(pool)  # stopped here if grading fails before it starts
        from .grading.nbgrader_env import skip_iri_format_checks

        skip_iri_format_checks()
        from .grading.report import progress_printer, report_series

        report = report_series(
            layout,
            args.series,
            workers=args.workers,
            db_url=args.db,
            on_result=progress_printer(),
            cell_timeout=args.cell_timeout,
            kernels=args.kernels,
            phases=phases,
            pool=pool,
        )
    with phases.phase("print the table") if phases else contextlib.nullcontext():
        print(report.table)
        print(report.summary)
        for label, path in report.files:
            print(f"{label}: {path}")
    if phases:
        args.timings.write_text(json.dumps({"wall": phases.wall, "busy": phases.busy}))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from .grading.layout import CourseError, CourseLayout, find_root
    from .grading.nbgrader_env import ensure_tools_on_path

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
            from .bench.grading import run_benchmarks

            return run_benchmarks(layout, args.series)
        if args.verb == "bench-class":
            from .bench.grading import run_class_benchmark

            return run_class_benchmark(
                layout, args.series, tuple(args.students), tuple(args.workers), tuple(args.kernels)
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
