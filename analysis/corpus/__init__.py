"""The corpus: what the pages show over many articles, read from the store. Corpus
entities and their corrections, rows with corrections applied, the network of who
mentions whom, the timeline, the overview, search, batch search, dossiers, and the
refresh of the views every page shows first. It may import the base modules,
analysis.extract, analysis.output and analysis.store, never analysis.ingest."""
