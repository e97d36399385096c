"""Score analysis.extract.quotes against a gold JSON-lines file (PolNeAR dev), without the CLI.

    .venv/bin/python bench/quotes_eval.py /work/shared/eval/polnear_dev.jsonl [--limit N]
        [--cache DIR] [--errors FILE] [--raw-entities]

Parses every document, builds mentions (analysis.extract.pipeline.analyze when entity
resolution works, else the raw spaCy entities with a small same-surname merge),
runs extract_quotes and prints the
figures of score.py's `score_quotes` (imported from /work/shared/eval/score.py, so matching is
identical): content F1 at 30% / 80% overlap and speaker accuracy. Also prints how long quote
extraction takes next to parsing. --errors writes unmatched and mis-attributed items for study.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import re
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE = Path("/work/shared/eval/score.py")
sys.path.insert(0, str(ROOT))


def _import_analysis():
    """Import analysis.extract.nlp and analysis.extract.quotes even while analysis/__init__
    cannot import yet."""
    try:
        import analysis  # noqa: F401
    except ImportError:
        for name in [n for n in sys.modules if n == "analysis" or n.startswith("analysis.")]:
            del sys.modules[name]
        pkg = types.ModuleType("analysis")
        pkg.__path__ = [str(ROOT / "analysis")]
        sys.modules["analysis"] = pkg
    from analysis import records
    from analysis.extract import nlp, quotes

    return nlp, quotes, records


def _load_score():
    spec = importlib.util.spec_from_file_location("polnear_score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def raw_mentions(parsed, records):
    """Mentions from raw spaCy entities; a PERSON named by one word of an earlier full name
    ('Caddell' after 'Pat Caddell') joins that entity. Stand-in until entity resolution works."""
    mentions, entities, by_key, persons = [], {}, {}, {}
    for span in parsed.entities:
        if span.label not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        text = parsed.text[span.start : span.end]
        key = (span.label, text.lower())
        eid = by_key.get(key)
        if eid is None and span.label == "PERSON":
            words = text.split()
            last = words[-1].lower().rstrip("'s’") if words else ""
            if len(words) == 1:
                eid = persons.get(last)
            elif last:
                persons.setdefault(last, f"e{len(entities)}")
        if eid is None:
            eid = persons.get(text.split()[-1].lower()) if span.label == "PERSON" else None
            if eid is None or eid in entities and entities[eid].type != "PERSON":
                eid = f"e{len(entities)}"
        if eid not in entities:
            entities[eid] = records.Entity(eid, text, span.label)
        by_key[key] = eid
        sent = 0
        mentions.append(records.Mention(span.start, span.end, text, span.label, sent, eid))
    return mentions, list(entities.values())


def resolved(doc, records, use_pipeline: bool):
    if use_pipeline:
        try:
            from analysis.extract.pipeline import analyze

            result = analyze(doc["text"], doc.get("dct"), (doc.get("meta") or {}).get("title"))
            if result.mentions and result.entities:
                return result.mentions, result.entities
        except Exception:  # noqa: BLE001 - entity resolution is still being written
            pass
    return None


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "gold", nargs="?", help="gold JSON lines (e.g. /work/shared/eval/polnear_dev.jsonl)"
    )
    ap.add_argument("--limit", type=int)
    ap.add_argument("--cache", help="folder to keep parses in between runs")
    ap.add_argument("--errors", help="write errors (misses, false alarms, wrong speakers) here")
    ap.add_argument("--raw-entities", action="store_true", help="never use the pipeline")
    args = ap.parse_args()
    if not args.gold or not Path(args.gold).is_file():
        print(
            f"gold file not found: {args.gold!r}\nusage: quotes_eval.py GOLD.jsonl", file=sys.stderr
        )
        return 2
    if not SCORE.is_file():
        print(f"scorer not found: {SCORE}", file=sys.stderr)
        return 2
    nlp, quotes_mod, records = _import_analysis()
    score = _load_score()
    with open(args.gold, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh][: args.limit]

    cache = {}
    cache_file = Path(args.cache) / "parsed.pkl" if args.cache else None
    if cache_file and cache_file.exists():
        cache = pickle.loads(cache_file.read_bytes())
    t_parse = t_quotes = 0.0
    per_doc, results = {}, {}
    for doc in docs:
        stem = re.sub(r"[^A-Za-z0-9_.-]", "_", doc["id"])
        parsed = cache.get(doc["id"])
        if parsed is None:
            t0 = time.perf_counter()
            parsed = nlp.parse(doc["text"])
            t_parse += time.perf_counter() - t0
            cache[doc["id"]] = parsed
        found = None if args.raw_entities else resolved(doc, records, True)
        mentions, entities = found or raw_mentions(parsed, records)
        t0 = time.perf_counter()
        quotes = quotes_mod.extract_quotes(parsed, mentions, entities)
        t_quotes += time.perf_counter() - t0
        results[stem] = quotes
        per_doc[stem] = {
            "quotes": [{"start": q.start, "end": q.end, "speaker": q.speaker} for q in quotes]
        }
    if cache_file:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_bytes(pickle.dumps(cache))
    score.score_quotes(docs, per_doc)
    if t_parse:
        print(
            f"time: parse {t_parse:.2f}s, quotes {t_quotes:.3f}s "
            f"({100 * t_quotes / t_parse:.2f}% of parse)"
        )
    else:
        print(f"time: quotes {t_quotes:.3f}s (parses from cache)")
    if args.errors:
        write_errors(args.errors, docs, results, score)
    return 0


def write_errors(path, docs, results, score) -> None:
    out, per_cue = [], {}
    for doc in docs:
        stem = re.sub(r"[^A-Za-z0-9_.-]", "_", doc["id"])
        text = doc["text"]
        gold = [(q["start"], q["end"], q.get("speaker") or "") for q in doc["quotes"]]
        system = [(q.start, q.end, q.speaker) for q in results[stem]]

        def ok(g, s):
            o = score.overlap(g[:2], s[:2])
            return o > 0 and o / max(g[1] - g[0], s[1] - s[0], 1) >= 0.8

        pairs = score.match(gold, system, ok)
        mg = {g for g, _ in pairs}
        ms = {s for _, s in pairs}
        for gi, si in pairs:
            g, s = gold[gi], system[si]
            if g[2] and g[2].lower() not in score.PRONOUNS and not score.name_matches(g[2], s[2]):
                out.append(
                    f"SPEAKER {stem} gold={g[2]!r} sys={s[2]!r} cue={results[stem][si].cue!r}\n"
                    f"  {text[s[0] : s[1]][:200]!r}"
                )
        for si, q in enumerate(results[stem]):
            c = per_cue.setdefault(q.cue.lower(), [0, 0])
            c[0] += si in ms
            c[1] += 1
        for gi, g in enumerate(gold):
            if gi not in mg:
                q = doc["quotes"][gi]
                near = [s for s in system if score.overlap(g[:2], s[:2]) > 0]
                hint = f" near={[text[s[0] : s[1]][:80] for s in near]}" if near else ""
                out.append(
                    f"MISS {stem} cue={(q.get('cue') or {}).get('text')!r} spk={g[2]!r} "
                    f"direct={q['direct']}\n  {text[g[0] : g[1]][:200]!r}{hint}"
                )
        for si, s in enumerate(system):
            if si not in ms:
                q = results[stem][si]
                out.append(
                    f"FALSE {stem} cue={q.cue!r} spk={q.speaker!r} kind={q.kind}\n"
                    f"  {text[s[0] : s[1]][:200]!r}"
                )
    for cue, (hit, n) in sorted(per_cue.items(), key=lambda kv: -kv[1][1]):
        out.append(f"CUE {cue!r} matched {hit}/{n}")
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
