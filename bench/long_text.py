"""Long texts: peak memory and time of the full analysis next to a bare nlp.pipe (issue 16).

    .venv/bin/python bench/long_text.py [--sizes 100000 300000 900000] [--whole]

Target: peak memory under ~1 GB for any accepted text (up to 1,000,000 characters), and
time near a bare nlp.pipe of the same text.

Text: news stories of ../shared/eval/polnear_dev.jsonl and tempeval3_tbaq_train.jsonl
(read at run time, never copied; EVAL_DIR overrides the folder; exit 2 when missing), in a
fixed order (CRC32 of their first 200 characters), joined by blank lines and cut at SIZE
characters: one long document of real paragraphs, quotes and names.

Each variant runs in a fresh process (its peak resident memory is the process's maximum,
model included), side by side for each size, in the order bare, full (and whole):

  bare nlp.pipe     spacy.load(model).pipe(chunks) over the same paragraph-aligned chunks
                    the pipeline parses (analysis.extract.nlp.chunk_bounds), nothing kept: the
                    least any analysis of the text must cost
  full analysis     analysis.extract.pipeline.analyze(text, published, title): layout, the chunked
                    parse joined into one Parsed, every extractor
  whole (--whole)   the same analysis with the text parsed as one Doc (CHUNK_CHARS past
                    its length, nlp.max_length raised): what the pipeline did before

Printed per size: seconds (and for the full analysis, the seconds spent in spaCy and in
the extractors), peak MB, and the ratios full / bare.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL_DIR = Path(os.environ.get("EVAL_DIR") or ROOT.parent / "shared" / "eval")
EVAL_FILES = ("polnear_dev.jsonl", "tempeval3_tbaq_train.jsonl")


def long_text(size: int) -> str:
    missing = [name for name in EVAL_FILES if not (EVAL_DIR / name).is_file()]
    if missing:
        print(f"error: the news texts are missing from {EVAL_DIR}: {missing}", file=sys.stderr)
        sys.exit(2)
    texts = []
    for name in EVAL_FILES:
        for line in (EVAL_DIR / name).read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text", "").strip()
            if text:
                texts.append(text)
    texts.sort(key=lambda t: zlib.crc32(t[:200].encode()))
    parts, length, index = [], 0, 0
    while length < size:
        parts.append(texts[index % len(texts)])
        length += len(parts[-1]) + 2
        index += 1
    return "\n\n".join(parts)[:size]


def run_variant(variant: str, size: int) -> dict:
    """One variant in a fresh process: its figures as JSON on stdout."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", variant, "--sizes", str(size)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def child(variant: str, size: int) -> None:
    from analysis.extract import nlp, pipeline

    text = long_text(size)
    figures: dict = {"variant": variant, "chars": len(text)}
    if variant == "bare":  # the model alone, loaded before the clock starts
        import spacy

        bare = spacy.load(nlp.MODEL)
        start = time.perf_counter()
        chunks = (text[a:b] for a, b in nlp.chunk_bounds(text))
        for _ in bare.pipe(chunks, batch_size=nlp.CHUNK_BATCH):
            pass
    else:
        model = nlp.load_pipeline()  # loaded before the clock starts
        start = time.perf_counter()
        if variant == "whole":
            nlp.CHUNK_CHARS = len(text) + 1
            model.max_length = len(text) + 1
        parse = nlp.parse
        spent = {"parse": 0.0}

        def timed_parse(*args, **kwargs):
            began = time.perf_counter()
            parsed = parse(*args, **kwargs)
            spent["parse"] += time.perf_counter() - began
            return parsed

        pipeline.parse = timed_parse
        analysis = pipeline.analyze(text, "2016-11-01", None)
        figures |= {"parse_s": spent["parse"], "mentions": len(analysis.mentions),
                    "quotes": len(analysis.quotes), "events": len(analysis.events)}  # fmt: skip
    figures["seconds"] = time.perf_counter() - start
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 900_000])
    parser.add_argument("--whole", action="store_true", help="also parse each text as one Doc")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.sizes[0])
        return
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    for size in args.sizes:
        variants = ["bare", "full"] + (["whole"] if args.whole else [])
        found = {v: run_variant(v, size) for v in variants}
        bare, full = found["bare"], found["full"]
        print(
            f"{size:>9,} chars | bare nlp.pipe {bare['seconds']:6.1f} s {bare['peak_mb']:6.0f} MB"
            f" | full {full['seconds']:6.1f} s (spaCy {full['parse_s']:.1f} s, extractors "
            f"{full['seconds'] - full['parse_s']:.1f} s) {full['peak_mb']:6.0f} MB"
            f" | full/bare time {full['seconds'] / bare['seconds']:.2f}x, memory "
            f"{full['peak_mb'] / bare['peak_mb']:.2f}x"
            f" | {full['mentions']} mentions, {full['quotes']} quotes",
            flush=True,
        )
        if "whole" in found:
            whole = found["whole"]
            print(f"{'':>9}       | parsed as one Doc: {whole['seconds']:6.1f} s "
                  f"{whole['peak_mb']:6.0f} MB", flush=True)  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
