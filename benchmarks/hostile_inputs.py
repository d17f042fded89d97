"""Benchmark: memory taken by hostile inputs, this checkout beside a reference checkout.

Two cases from the issue "every hostile byte is refused", each in a fresh process per run
(peak resident memory, `ru_maxrss`), the two checkouts in turns (A B A B):
  - a 48 MB CSV of one line (`学校` then `,ab` 16 million times), imported as schools;
  - four heads posting nine 6300×6300 photos at once: four threads of one web process, each
    checking nine such uploads (what a gunicorn worker with four threads does).

    .venv/bin/python benchmarks/hostile_inputs.py [REFERENCE_CHECKOUT]

REFERENCE_CHECKOUT defaults to a clone of the commit before that issue (c32382b) made in
/tmp; the same virtualenv runs both.
"""

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.gettempdir()) / "jgt_hostile"
REFERENCE_COMMIT = "c32382b"
ROUNDS = int(os.environ.get("JGT_BENCH_ROUNDS", "2"))

ONE_LINE = """
import django
django.setup()
from jiaogongti.importing import ImportFailed
from schools.importer import import_schools
try:
    import_schools(PATH)
    outcome = "imported"
except ImportFailed as failed:
    outcome = str(failed.problems[0])[:40]
print(PEAK(), outcome)
"""

PHOTOS = """
import threading, django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from jiaogongti.attachments import attachment_checked
content = open(PATH, "rb").read()
outcomes = []
def head():
    for n in range(9):
        try:
            attachment_checked(SimpleUploadedFile(f"photo{n}.jpg", content))
            outcomes.append("kept")
        except ValidationError as refused:
            outcomes.append(refused.messages[0][:30])
threads = [threading.Thread(target=head) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(PEAK(), sorted(set(outcomes)))
"""


def inputs() -> tuple[Path, Path]:
    WORK.mkdir(exist_ok=True)
    line = WORK / "one_line.csv"
    if not line.exists():
        with line.open("w", encoding="utf-8") as handle:
            handle.write("学校")
            for _ in range(1_000):
                handle.write(",ab" * 16_000)
    photo = WORK / "photo_6300.jpg"
    if not photo.exists():
        from PIL import Image

        # A gradient with noise: a 40-megapixel photo that still fits the 10 MB limit.
        image = Image.linear_gradient("L").resize((6300, 6300)).convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
        photo.write_bytes(out.getvalue())
    return line, photo


def reference_checkout() -> Path:
    folder = Path(tempfile.gettempdir()) / f"jgt_reference_{REFERENCE_COMMIT}"
    if not folder.exists():
        subprocess.run(["git", "clone", "-q", str(ROOT), str(folder)], check=True)
        subprocess.run(["git", "-C", str(folder), "checkout", "-q", REFERENCE_COMMIT], check=True)
    return folder


# The process's own high-water mark: ru_maxrss would carry the parent's size across exec.
PEAK_FUNCTION = """
def PEAK():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return f"{int(line.split()[1]) / 1024:.0f}"
"""


def run(checkout: Path, script: str, path: Path) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jiaogongti.settings",
        "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
        "JGT_DATA_DIR": str(WORK / "data"),
        "PYTHONPATH": str(checkout),
    }
    done = subprocess.run(
        [sys.executable, "-c", PEAK_FUNCTION + script.replace("PATH", repr(str(path)))],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def main():
    line, photo = inputs()
    reference = Path(sys.argv[1]) if len(sys.argv) > 1 else reference_checkout()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}", "JGT_DATA_DIR": str(WORK / "data")},
        check=True,
    )
    print(f"one-line CSV {line.stat().st_size / 1e6:.0f} MB; photo {photo.stat().st_size / 1e6:.1f} MB, 6300×6300")
    for case, script, path in (("one-line CSV", ONE_LINE, line), ("4×9 photos at once", PHOTOS, photo)):
        for round_ in range(1, ROUNDS + 1):
            for label, checkout in (("this checkout", ROOT), (f"reference {reference.name}", reference)):
                print(f"{case:20} round {round_}  {label:32} peak MB, outcome: {run(checkout, script, path)}")


if __name__ == "__main__":
    main()
