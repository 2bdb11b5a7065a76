"""Trains and evaluates the price model."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
