"""Analysis core: plain Python, no Streamlit. Text in, typed records out."""

from analysis.pipeline import PIPELINE_VERSION, analyze

__all__ = ["PIPELINE_VERSION", "analyze"]
