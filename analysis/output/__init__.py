"""Output: the CSV schema of every table (tables), writing them with a README of their
columns (export), and an article's text marked up for reading (highlight). It reads
records and may import the base modules and analysis.extract, never the store or the
corpus."""
