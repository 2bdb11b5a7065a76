"""Cleans and joins the raw tables."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
