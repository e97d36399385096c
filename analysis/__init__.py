"""Analysis core: plain Python, no Streamlit. Text in, typed records out.

`analyze` and `PIPELINE_VERSION` are imported from analysis.extract.pipeline when first asked for:
importing any module of the package does not load the extractors."""

__all__ = ["PIPELINE_VERSION", "analyze"]


def __getattr__(name: str):
    if name in __all__:
        from analysis.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
