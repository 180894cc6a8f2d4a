"""Mutation testing of the rules that protect readers and writers (`make mutation`).

For each module below, mutmut (pinned in requirements.txt) plants one small change
at a time (a flipped comparison, a changed constant, a dropped keyword) and runs the
test modules that cover it; a change no test notices "survived". The work happens in
a scratch copy of the repository, so the working tree is never left mutated and
other test runs can go on beside it. Prints killed / total per module and every
survivor's diff; README.md ("Mutation testing") records the latest run.

    python bench/mutation.py                    # every module (long: not in CI)
    python bench/mutation.py heaven/folding.py  # one or more of them

Run it niced on a shared machine: `nice -n 15 make mutation`. Set TEST_REDIS_URL
as for any test run. Exit status 1 when a module scores under TARGET.
"""

import ast
import io
import os
import shutil
import subprocess
import sys
import tempfile
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.90
PRAGMA = "  # pragma: no mutate"


@dataclass(frozen=True)
class Module:
    path: str
    tests: tuple[str, ...]
    # Only these functions ("Class.method" or "function"); empty: the whole module.
    functions: tuple[str, ...] = field(default=())


MODULES = [
    Module("heaven/folding.py", ("tests/test_name_folding.py",)),
    Module(
        "reviews/watch/state.py",
        ("tests/test_watch_states.py", "tests/test_watch_lines.py"),
    ),
    Module(
        "reviews/workflow.py",
        (
            "tests/test_workflow.py",
            "tests/test_permissions.py",
            "tests/test_scheduling.py",
        ),
    ),
    Module(
        "reviews/models/reviews.py",
        ("tests/test_reviews_model.py", "tests/test_scheduling.py"),
        functions=("ReviewQuerySet.published", "Review.is_published"),
    ),
    Module("reviews/body_markup.py", ("tests/test_sanitize.py",)),
    Module("people/bios.py", ("tests/test_bios.py", "tests/test_sanitize.py")),
    Module("reviews/models/redirects.py", ("tests/test_links.py",)),
    Module("reviews/middleware.py", ("tests/test_links.py",)),
    Module("reviews/imports/films/people.py", ("tests/test_import_films.py",)),
    Module(
        "reviews/imports/films/films_and_credits.py", ("tests/test_import_films.py",)
    ),
    Module("heaven/page_cache.py", ("tests/test_page_cache.py",)),
    Module(
        "heaven/cache_tags.py",
        ("tests/test_review_page_cache.py", "tests/test_page_cache.py"),
    ),
]


def scratch_copy() -> Path:
    """The repository's files (tracked and new, not ignored) in a temporary folder."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    scratch = Path(tempfile.mkdtemp(prefix="heaven-mutation-"))
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            target = scratch / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return scratch


def function_lines(source: str, names: tuple[str, ...]) -> set[int]:
    """The line numbers of the named functions (decorators included)."""
    lines: set[int] = set()
    found: set[str] = set()

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                if f"{prefix}{child.name}" in names:
                    found.add(f"{prefix}{child.name}")
                    first = min(
                        [child.lineno, *(d.lineno for d in child.decorator_list)]
                    )
                    lines.update(range(first, child.end_lineno + 1))

    visit(ast.parse(source), "")
    missing = sorted(set(names) - found)
    if missing:
        raise SystemExit(f"no function {missing} to mutate")
    return lines


def only_functions(path: Path, names: tuple[str, ...]) -> None:
    """Mark every line outside the named functions `pragma: no mutate`, in the
    scratch copy: mutmut 2 can scope to a file but not to a function. Only lines
    that end outside a string get the comment, so no value changes."""
    source = path.read_text()
    keep = function_lines(source, names)
    ends = {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type in (tokenize.NEWLINE, tokenize.NL)
    }
    out = [
        line + PRAGMA if number in ends and number not in keep else line
        for number, line in enumerate(source.split("\n"), start=1)
    ]
    path.write_text("\n".join(out))


def mutmut(scratch: Path, *args: str, check=False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).with_name("mutmut")), *args],
        cwd=scratch,
        capture_output=True,
        text=True,
        check=check,
    )


def ids(scratch: Path, status: str) -> list[str]:
    out = mutmut(scratch, "result-ids", status).stdout.split()
    return [word for word in out if word.isdigit()]


def run(module: Module) -> tuple[int, int, list[str]]:
    scratch = scratch_copy()
    try:
        if module.functions:
            only_functions(scratch / module.path, module.functions)
        runner = " ".join(
            [
                sys.executable,
                "-m pytest -x -q -p no:cacheprovider",
                *module.tests,
            ]
        )
        mutmut(
            scratch,
            "run",
            "--paths-to-mutate",
            module.path,
            "--tests-dir",
            "tests",
            "--runner",
            runner,
            "--simple-output",
            "--no-progress",
        )
        # "suspicious": killed, but the tests took long (a busy machine); a mutant
        # that makes the tests hang ("timeout") is caught too.
        killed = sum(len(ids(scratch, s)) for s in ("killed", "suspicious", "timeout"))
        survivors = ids(scratch, "survived")
        diffs = [mutmut(scratch, "show", number).stdout for number in survivors]
        total = killed + len(survivors) + len(ids(scratch, "untested"))
        return killed, total, diffs
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str]) -> int:
    chosen = [m for m in MODULES if not argv or m.path in argv]
    unknown = set(argv) - {m.path for m in MODULES}
    if unknown:
        print(f"not a mutation-tested module: {', '.join(sorted(unknown))}")
        return 2
    scores = []
    for module in chosen:
        killed, total, diffs = run(module)
        scope = f" ({', '.join(module.functions)})" if module.functions else ""
        score = killed / total if total else 1.0
        scores.append(score)
        print(
            f"{module.path}{scope}: {killed}/{total} killed ({score:.0%})", flush=True
        )
        for diff in diffs:
            print("  survived:\n    " + diff.strip().replace("\n", "\n    "))
    return 0 if all(score >= TARGET for score in scores) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
