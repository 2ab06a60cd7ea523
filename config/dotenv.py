"""The development settings file `.env`: written once by `make install`, read by the settings.

Variables already in the environment always win over the file, and a missing file is fine:
production is configured through its environment and never needs one.

    python -m config.dotenv    # writes .env from .env.example unless .env exists
"""

import os
import secrets
from collections.abc import MutableMapping
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
EXAMPLE = BASE_DIR / ".env.example"
# What a development checkout needs; everything else in the example stays commented out.
DEVELOPMENT = {"DEBUG": "1"}


def parse(text: str) -> dict[str, str]:
    """`NAME=value` lines; blank lines, `#` comments and trailing ` # comments` are ignored."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, value = line.partition("=")
        value = value.strip()
        quote = value[:1]
        if quote in {"'", '"'} and quote in value[1:]:
            value = value[1 : value.index(quote, 1)]
        else:
            value = value.split(" #", 1)[0].strip()
        values[name.strip().removeprefix("export ").strip()] = value
    return values


def load(path: Path, environ: MutableMapping[str, str] = os.environ) -> None:
    """Add the file's variables to `environ`, keeping any already set there."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    for name, value in parse(text).items():
        environ.setdefault(name, value)


def development_file(example: str) -> str:
    """The example with every setting commented out but DEBUG=1 and a fresh SECRET_KEY."""
    chosen = {**DEVELOPMENT, "SECRET_KEY": secrets.token_urlsafe(50)}
    lines = [
        "# Written by `make install` for development (git-ignored); the environment wins over it.",
    ]
    for line in example.splitlines():
        name = line.partition("=")[0].strip()
        if "=" in line and not line.lstrip().startswith("#"):
            line = f"{name}={chosen.pop(name)}" if name in chosen else f"# {line}"
        lines.append(line)
    lines += [f"{name}={value}" for name, value in chosen.items()]
    return "\n".join(lines) + "\n"


def write_development_file(target: Path, example: Path = EXAMPLE) -> bool:
    """Write `target` for development unless it exists; says whether it wrote."""
    if target.exists():
        return False
    target.write_text(development_file(example.read_text(encoding="utf-8")), encoding="utf-8")
    target.chmod(0o600)
    return True


if __name__ == "__main__":
    target = BASE_DIR / ".env"
    if write_development_file(target):
        print(f"Wrote {target.name} for development (DEBUG=1, a new SECRET_KEY).")
