"""Peak memory of uploading a 6300×6300 phone photo to the image library.

    python bench/upload_memory.py

Writes, in a temporary folder, a JPEG of 6300×6300 pixels as a phone writes one
(detail everywhere, an EXIF Orientation tag to turn it, a GPS position), migrates
a throwaway SQLite database, then uploads the photo in a fresh process through
`add_to_library` (what the admin form and the importers run): the full decode and
test thumbnail, the original turned upright without its location, and its
renditions made ahead of the first view. It prints the wall time and the peak
resident memory above the process's resident memory before the upload
(`resource.getrusage`), and exits 1 when that is over the budget.

A script, never run by the tests.
"""

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = 6300
# The budget for one upload: the fully decoded RGB image (6300² × 3 bytes, 119 MB)
# once for the check and twice while it is turned upright; 198 MB measured.
BUDGET_MB = 256


def phone_photo(path: Path) -> None:
    from PIL import Image

    rng = random.Random(6300)
    small = Image.new("RGB", (SIZE // 16, SIZE // 16))
    small.putdata(
        [
            (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            for _ in range(small.width * small.height)
        ]
    )
    picture = small.resize((SIZE, SIZE), Image.Resampling.BILINEAR)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Apple", "iPhone 15 Pro", 6
    exif.get_ifd(0x8825).update({1: "N", 2: (37.0, 33.0, 59.4), 3: "E"})
    picture.save(path, format="JPEG", quality=85, exif=exif.tobytes())


def child(photo: str) -> None:
    import django

    django.setup()
    from django.core.files import File

    from reviews.library.models import add_to_library

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with open(photo, "rb") as handle:
        image, _ = add_to_library(
            file=File(handle), name="IMG_6300.JPG", alt_text="A 6300-pixel photo"
        )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{image.width}x{image.height} {seconds:.2f} {(peak - before) / 1024:.0f}")


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return 0
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "heaven.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "REDIS_URL": "",
        }
        photo = folder / "IMG_6300.JPG"
        phone_photo(photo)
        megabytes = photo.stat().st_size / 1024 / 1024
        print(f"photo: {SIZE}×{SIZE}, {megabytes:.1f} MB, Orientation 6, GPS")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(photo)],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        size, seconds, peak_mb = out[0], float(out[1]), int(out[2])
        renditions = sorted((folder / "media" / "renditions").rglob("*w.*"))
        print(f"stored upright as {size} in {seconds:.2f} s")
        print(f"renditions made at upload: {len(renditions)}")
        print(f"peak memory above the idle process: {peak_mb} MB (budget {BUDGET_MB})")
        if peak_mb > BUDGET_MB or not renditions:
            print("OVER BUDGET" if peak_mb > BUDGET_MB else "NO RENDITIONS")
            return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
