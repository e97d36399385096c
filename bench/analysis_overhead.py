"""Cost of the whole analysis next to a bare spaCy nlp(text) of the same model, side by side.

    .venv/bin/python bench/analysis_overhead.py [--repeat N]

Texts: the seed article, and a ~5,000-word article made of the seed's paragraphs
followed (when ../shared/eval is present) by real news paragraphs from the PolNeAR set,
so the long text is not only the seed repeated. Each text is timed alternately (bare
spaCy, full analysis) N times after a warm-up; medians are printed with the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from analysis import analyze  # noqa: E402
from analysis.extract.nlp import MODEL  # noqa: E402

SEED = ROOT / "seeds" / "000_3a2b0fa7b6977883.txt"
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear_dev.jsonl"
LONG_WORDS = 5000


def long_article(seed: str) -> tuple[str, str]:
    paragraphs = seed.split("\n\n")
    if POLNEAR.exists():
        docs = [json.loads(line)["text"] for line in POLNEAR.open(encoding="utf-8")]
        paragraphs += [p for doc in docs for p in doc.split("\n\n") if p.strip()]
        origin = "seed + PolNeAR paragraphs"
    else:
        print(f"note: {POLNEAR} is missing; the long text repeats the seed", file=sys.stderr)
        paragraphs *= 20
        origin = "seed repeated"
    out, words = [], 0
    for paragraph in paragraphs:
        out.append(paragraph)
        words += len(paragraph.split())
        if words >= LONG_WORDS:
            break
    return "\n\n".join(out), origin


def median_seconds(function, text: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    nlp = spacy.load(MODEL)  # the bare model, without the product's additions
    seed = SEED.read_text(encoding="utf-8")
    long_text, origin = long_article(seed)
    for name, text in (("seed", seed), (f"long ({origin})", long_text)):
        analyze(text, "2024-10-08")  # warm-up
        bare, full = [], []
        for _ in range(args.repeat):  # alternate so both see the same machine state
            bare += median_seconds(nlp, text, 1)
            full += median_seconds(lambda t: analyze(t, "2024-10-08"), text, 1)
        b, f = statistics.median(bare), statistics.median(full)
        print(
            f"{name}: {len(text.split())} words  bare nlp(text) {1000 * b:.1f} ms  "
            f"analyze() {1000 * f:.1f} ms  ratio {f / b:.2f}x"
        )


if __name__ == "__main__":
    main()
