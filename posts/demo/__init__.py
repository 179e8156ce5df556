"""The demo posts: one Markdown file each in this folder, and the one function that reads them.

Here rather than in the `loaddemo` command, because the command is not their only reader: the
benchmarks build their generated bodies and text from the same files.
"""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent


def read_demo_post(path):
    """A demo file: `key: value` header lines, a blank line, then the Markdown body."""
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(": ", 1) if ": " in line else (line.rstrip(":"), "")
                  for line in header.splitlines())  # fmt: skip
    fields["slug"] = path.stem
    fields["body"] = body.strip() + "\n"
    return fields


def demo_posts():
    """Every demo post's fields, in file-name order."""
    return [read_demo_post(path) for path in sorted(DEMO_DIR.glob("*.md"))]
