"""Bare parse time of papers.parsers.bibtex on generated entries (a script, not a test).

    .venv/bin/python bench/parse_bibtex.py            # 10,000 entries
    .venv/bin/python bench/parse_bibtex.py --entries 2000 --seed 3

The entries mix the styles the parser meets in real files: al-folio fields (abbr, selected,
pdf, code), Google Scholar arXiv journals, DBLP names with homonym numbers, @string and month
macros, LaTeX accents, braces and math in titles and abstracts. No database is touched.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FAMILIES = [r"M{\"u}ller", "Lindqvist", r"Fran\c{c}ois", "van den Berg", "Sato", r"{\v{S}}koda",
            "O'Connor", "Nguyen", r"Garc{\'\i}a", "Smith"]  # fmt: skip
GIVENS = ["Ingrid", r"J{\"o}rg", r"Am\'{e}lie", "Pieter", "Haruto", r"Tom{\'a}{\v{s}}", "Ana"]
WORDS = ["Sparse", "Graph", "Learning", "Robust", "Scaling", "Attention", "Retrieval", "Models",
         "Networks", "Calibrated", "Optimal", "Transport", "Diffusion", "Kernels"]  # fmt: skip


def generate(count: int, seed: int) -> str:
    rng = random.Random(seed)
    parts = ['@string{nips = "Advances in Neural Information Processing Systems"}\n']
    for index in range(count):
        authors = [
            f"{rng.choice(FAMILIES)}, {rng.choice(GIVENS)}" for _ in range(rng.randint(1, 8))
        ]
        if rng.random() < 0.1:
            authors.append("others")
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
        if rng.random() < 0.3:
            title = "{" + title.split()[0].upper() + "}: " + title + " with $O(n \\log n)$ cost"
        year = rng.randint(2008, 2025)
        style = index % 3
        lines = [f"  title = {{{title} {index}}}", f"  author = {{{' and '.join(authors)}}}"]
        if style == 0:  # al-folio
            lines += [
                "  booktitle = nips",
                f"  year = {year}",
                f"  month = {rng.choice(['jan', 'jun', 'dec'])}",
                "  abbr = {NeurIPS}",
                f"  selected = {{{rng.choice(['true', 'false'])}}}",
                f"  pdf = {{https://example.org/p{index}.pdf}}",
                f"  code = {{https://github.com/example/p{index}}}",
                "  abstract = {We study $\\alpha$-divergences and improve results by 3\\%.}",
            ]
            entry_type = "inproceedings"
        elif style == 1:  # Google Scholar
            lines += [
                f"  journal = {{arXiv preprint arXiv:{year % 100 or 10:02d}{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}}}",
                f"  year = {{{year}}}",
            ]
            entry_type = "article"
        else:  # DBLP
            lines = [line.replace(", ", " ", 1) for line in lines]
            lines += [
                "  journal = {Trans. Mach. Learn. Res.}",
                f"  volume = {{{year}}}",
                f"  year = {{{year}}}",
                f"  doi = {{10.5555/bench.{seed}.{index}}}",
                f"  biburl = {{https://dblp.org/rec/journals/tmlr/X{index}.bib}}",
            ]
            entry_type = "article"
        parts.append(f"@{entry_type}{{key{index},\n" + ",\n".join(lines) + "\n}\n")
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    from papers.parsers import bibtex

    text = generate(args.entries, args.seed)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = bibtex.parse(text)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # CPU time is reported too: on a shared machine the wall clock includes waiting for a core.
    print(
        f"parsed {len(result.papers):,} of {args.entries:,} generated BibTeX entries "
        f"({len(text) / 1e6:.1f} MB) in {elapsed:.2f} s wall, {cpu:.2f} s CPU "
        f"({cpu / max(args.entries, 1) * 1e3:.2f} ms CPU per entry); skipped {len(result.skipped)}"
    )


if __name__ == "__main__":
    main()
