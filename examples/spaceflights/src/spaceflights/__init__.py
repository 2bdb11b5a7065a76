"""Spaceflights: the Kedro Lens example project."""

__version__ = "0.1"
