"""Kedro Lens run recorder: a Kedro hook plugin that writes what a run does as JSON lines.

Loaded only for runs started from the Kedro Lens extension, which puts this folder on PYTHONPATH; Kedro finds it
through the ``kedro.hooks`` entry point of the ``kedro_lens_hooks-*.dist-info`` beside it. Standard library only
(pluggy, a Kedro dependency, marks the hook implementations).
"""

from .recorder import LensHooks

__version__ = "0.1.0"

hooks = LensHooks()
