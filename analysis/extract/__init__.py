"""Extraction, per article: text in, typed records (analysis.records) out. Layout
(bylines, captions, credits), spaCy parsing (nlp), entity spans, types and identities,
dates (TIMEX rule families), quotes (stages) and events, joined by the pipeline. It may
import only the base modules (records, quote_kinds, lazy) and itself: never the store,
the corpus, pandas or Streamlit."""
