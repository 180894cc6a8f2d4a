"""Every page kind is valid HTML5, as the Nu Html Checker sees it.

Needs Java and `npm install vnu-jar` in the repository (node_modules is ignored);
skips with the reason otherwise, and fails under CI=true (`tests.conftest.checker_missing`)."""

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import checker_missing

VNU = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"

# Each page and the answer it must give: a page that failed to render would be
# valid HTML too (Django's plain error page), so the status is checked first.
PAGES = {
    "/": 200,
    "/reviews/ballerina-2023-review/": 200,
    "/reviews/the-call-2020-review/": 200,
    "/films/ballerina-2023/": 200,
    "/films/drive-my-car-2021/": 200,
    "/people/jun-jong-seo/": 200,
    "/authors/karina-adelgaard/": 200,
    "/tags/korean/": 200,
    "/watch/": 200,
    "/watch/netflix/": 200,
    "/about/": 200,
    "/privacy/": 200,
    "/lists/": 200,
    "/lists/korean-revenge-and-grief/": 200,
    "/region/?region=XX&next=/": 400,  # the region picker's own error page
    "/reviews/not-there/": 404,
}


def require_vnu() -> None:
    if not (VNU.exists() and shutil.which("java")):
        checker_missing("the Nu Html Checker needs Java and `npm install vnu-jar`")


def test_every_page_kind_is_valid_html5(client, demo, tmp_path):
    require_vnu()
    files = []
    for number, (url, status) in enumerate(PAGES.items()):
        response = client.get(url)
        assert response.status_code == status, url
        assert "<main" in response.text, url
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(response.content)
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
