"""Charts and summary tables for the report."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
