"""A custom runner example: a SequentialRunner that logs how long the whole run took.

Run it with `kedro run --runner=spaceflights.runners.TimedRunner` (Kedro Lens offers it in "Run with options…").
"""

import logging
import time

from kedro.runner import SequentialRunner

logger = logging.getLogger(__name__)


class TimedRunner(SequentialRunner):
    def _run(self, pipeline, catalog, hook_manager=None, run_id=None):
        started = time.perf_counter()
        try:
            return super()._run(pipeline, catalog, hook_manager=hook_manager, run_id=run_id)
        finally:
            logger.info("TimedRunner: %d nodes in %.2f s", len(pipeline.nodes), time.perf_counter() - started)
