"""Ingestion: readers for each file type (readers), the library's add, re-analyse, edit
and delete (library), background jobs (jobs) and a Dask cluster (distributed). The top
stage: it may import every other stage of analysis/, and only analysis.cli imports it."""
