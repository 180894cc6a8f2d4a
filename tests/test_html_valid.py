"""Every page kind is valid HTML5, as the Nu Html Checker sees it.

Needs Java and `npm install vnu-jar` in the repository (node_modules is ignored);
skips with the reason otherwise."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"

pytestmark = pytest.mark.skipif(
    not (VNU.exists() and shutil.which("java")),
    reason="the Nu Html Checker needs Java and `npm install vnu-jar`",
)

PAGES = [
    "/",
    "/reviews/ballerina-2023-review/",
    "/reviews/the-call-2020-review/",
    "/films/ballerina-2023/",
    "/films/drive-my-car-2021/",
    "/people/jun-jong-seo/",
    "/authors/karina-adelgaard/",
    "/tags/korean/",
    "/watch/",
    "/watch/netflix/",
    "/about/",
    "/privacy/",
    "/region/?region=XX&next=/",
    "/reviews/not-there/",
]


def test_every_page_kind_is_valid_html5(client, demo, tmp_path):
    files = []
    for number, url in enumerate(PAGES):
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(client.get(url).content)
        files.append((str(path), url))

    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json"]
        + [path for path, _ in files],
        capture_output=True,
        text=True,
        timeout=120,
    )

    by_file = dict(files)
    errors = [
        f"{by_file.get(m['url'].removeprefix('file:'), m['url'])}: {m['message']}"
        for m in json.loads(result.stderr)["messages"]
    ]
    assert errors == []
