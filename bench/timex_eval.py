"""Score analysis.extract.dates.extract_dates against TempEval-3 style gold (JSON lines).

    python bench/timex_eval.py /work/shared/eval/tempeval3_tbaq_train.jsonl [--limit N]
        [--score PATH/score.py] [--errors FILE.tsv]

Each gold document is parsed with analysis.extract.nlp.parse and tagged with
extract_dates(parsed, dct).
The figures are computed by `score_timex` of the shared scorer (score.py, by default the one
beside the gold file), imported from its path, so they are the same measure as
`score.py timex`: relaxed/strict extraction F1 and value F1 = 2 x correct / (system + gold).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stem_of(doc_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", doc_id)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("gold", nargs="?", help="gold JSON lines file (TempEval-3 conversion)")
    ap.add_argument("--limit", type=int, help="only the first N documents")
    ap.add_argument("--score", help="path of score.py (default: beside the gold file)")
    ap.add_argument("--errors", help="write value errors, misses and spurious spans to this TSV")
    args = ap.parse_args(argv)
    if not args.gold or not Path(args.gold).is_file():
        print(
            f"gold file not found: {args.gold!r} (give the path of a .jsonl gold file)",
            file=sys.stderr,
        )
        return 2
    score_path = Path(args.score) if args.score else Path(args.gold).resolve().with_name("score.py")
    if not score_path.is_file():
        print(f"scorer not found: {score_path} (pass --score PATH/score.py)", file=sys.stderr)
        return 2
    scorer = load_scorer(score_path)

    from analysis.extract.dates import extract_dates
    from analysis.extract.nlp import load_pipeline, parse

    with open(args.gold, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()][: args.limit]
    load_pipeline()
    per_doc: dict[str, dict] = {}
    t_parse = t_dates = 0.0
    for doc in docs:
        t0 = time.perf_counter()
        parsed = parse(doc["text"])
        t1 = time.perf_counter()
        dates = extract_dates(parsed, doc.get("dct"))
        t2 = time.perf_counter()
        t_parse += t1 - t0
        t_dates += t2 - t1
        rows = [
            {
                "start": d.start,
                "end": d.end,
                "value": d.value,
                "type": d.type,
                "text": d.text,
                "note": d.note,
            }
            for d in dates
        ]
        per_doc[stem_of(doc["id"])] = {"dates": rows}
    scorer.score_timex(docs, per_doc)
    print(
        f"time: parse {t_parse:.1f}s, extract_dates {t_dates:.2f}s "
        f"({100 * t_dates / max(t_parse, 1e-9):.1f}% of parsing), {len(docs)} documents",
        file=sys.stderr,
    )
    if args.errors:
        write_errors(Path(args.errors), docs, per_doc, scorer)
    return 0


def context(text: str, a: int, b: int) -> str:
    return (text[max(0, a - 70) : a] + "[[" + text[a:b] + "]]" + text[b : b + 50]).replace(
        "\n", " "
    )


def write_errors(path: Path, docs: list[dict], per_doc: dict, scorer) -> None:
    """TSV: kind (VALUE / SPAN / MISS / SPURIOUS), doc, dct, gold type, gold text, gold value,
    system text, system value, system note, context."""
    with open(path, "w", encoding="utf-8") as out:

        def row(kind, doc, gold_type, g_text, g_value, s_text, s_value, note, ctx):
            fields = [kind, doc["id"], doc["dct"] or "", gold_type, g_text, g_value]
            out.write("\t".join([*fields, s_text, s_value, note, ctx]) + "\n")

        for doc in docs:
            text = doc["text"]
            gold = [
                (t["start"], t["end"], t.get("value", ""), t.get("type", ""))
                for t in doc["timex"]
                if t.get("value")
            ]
            rows = per_doc[stem_of(doc["id"])]["dates"]
            system = [(r["start"], r["end"], r["value"], r["type"]) for r in rows]
            pairs = scorer.match(gold, system, lambda g, s: scorer.overlap(g[:2], s[:2]) > 0)
            used_g = {g for g, _ in pairs}
            used_s = {s for _, s in pairs}
            for gi, si in pairs:
                g, s = gold[gi], system[si]
                kind = "VALUE" if g[2].upper() != s[2].upper() else "SPAN" if g[:2] != s[:2] else ""
                if kind:
                    g_text, s_text = text[g[0] : g[1]], text[s[0] : s[1]]
                    note, ctx = rows[si]["note"], context(text, g[0], g[1])
                    row(kind, doc, g[3], g_text, g[2], s_text, s[2], note, ctx)
            for gi, g in enumerate(gold):
                if gi not in used_g:
                    row(
                        "MISS",
                        doc,
                        g[3],
                        text[g[0] : g[1]],
                        g[2],
                        "",
                        "",
                        "",
                        context(text, *g[:2]),
                    )
            for si, s in enumerate(system):
                if si not in used_s:
                    note, ctx = rows[si]["note"], context(text, s[0], s[1])
                    row("SPURIOUS", doc, "", "", "", text[s[0] : s[1]], s[2], note, ctx)


if __name__ == "__main__":
    sys.exit(main())
