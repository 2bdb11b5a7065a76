"""Overhead of the Kedro Lens hook plugin: events per second and added time per node.

Calls the real hooks the way a SequentialRunner does for a node with 2 inputs and 1 output (2 loads, node start/end,
1 save = 8 hook calls, 5 events written), N times, writing to a temporary events file.
Usage: python3 scripts/bench-hooks.py [N]
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "client", "python"))
from kedro_lens_hooks.recorder import LensHooks  # noqa: E402


class Node:
    def __init__(self, i):
        self.name = f"node_{i}"
        self.inputs = ["a", "params:b"]
        self.outputs = ["c"]
        self.namespace = None


class Frame:
    shape = (1000, 20)


def main(n):
    os.environ["KEDRO_LENS_EVENTS_DIR"] = tempfile.mkdtemp(prefix="kl-bench-")
    os.environ["KEDRO_LENS_RUN_ID"] = "bench"
    hooks = LensHooks()
    frame = Frame()
    started = time.perf_counter()
    for i in range(n):
        node = Node(i)
        for ds in node.inputs:
            hooks.before_dataset_loaded(ds, node)
            hooks.after_dataset_loaded(ds, frame, node)
        hooks.before_node_run(node, "run")
        hooks.after_node_run(node)
        hooks.before_dataset_saved("c", node)
        hooks.after_dataset_saved("c", frame, node)
    elapsed = time.perf_counter() - started
    events = n * 5
    print(f"nodes={n} events={events} total={elapsed:.3f}s per_node={elapsed / n * 1e6:.0f}us events_per_s={events / elapsed:,.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
