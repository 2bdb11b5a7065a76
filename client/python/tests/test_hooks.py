"""Kedro Lens hook plugin: called the way a real Kedro 1.x run calls it (see shared RUNTIME.md), with pluggy when available."""

import importlib
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLUGIN_ROOT = HERE.parent
sys.path.insert(0, str(PLUGIN_ROOT))

from kedro_lens_hooks import redact  # noqa: E402
from kedro_lens_hooks.recorder import LensHooks  # noqa: E402

try:
    import pluggy
except ImportError:  # pragma: no cover
    pluggy = None


class FakeNode:
    """The attributes of kedro.pipeline.Node the plugin reads."""

    def __init__(self, name, inputs, outputs, namespace=None):
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.namespace = namespace
        self.func = lambda *a: None
        self.func.__name__ = name.replace("_node", "")


class FakePipeline:
    def __init__(self, nodes):
        self.nodes = nodes


class FakeFrame:
    shape = (60, 27)


SPLIT = FakeNode("split_data_node", ["model_input_table", "params:model_options"], ["X_train", "X_test", "y_train", "y_test"])
TRAIN = FakeNode("train_model_node", ["X_train", "y_train"], ["regressor"])
RUN_PARAMS = {
    "run_id": "2026-11-25T12.05.05.768Z",
    "project_path": "/p",
    "env": "local",
    "kedro_version": "1.5.0",
    "tags": [],
    "from_nodes": [],
    "to_nodes": [],
    "node_names": ["split_data_node", "train_model_node"],
    "from_inputs": [],
    "to_outputs": [],
    "load_versions": {},
    "runtime_params": {"model_options.test_size": 0.3},
    "pipeline_names": [],
    "namespaces": [],
    # Kedro 1.5 passes the runner's text form (seen in the real recordings), not the object.
    "runner": "<kedro.runner.sequential_runner.SequentialRunner object at 0x7f184ee10850>",
    "only_missing_outputs": False,
}


def kedro_specs():
    """Kedro 1.x hook specifications (argument names from the Kedro spec), declared with pluggy."""
    spec = pluggy.HookspecMarker("kedro")

    class Specs:
        @spec
        def after_context_created(self, context): ...
        @spec
        def after_catalog_created(self, catalog, conf_catalog, conf_creds, parameters, save_version, load_versions): ...
        @spec
        def before_pipeline_run(self, run_params, pipeline, catalog): ...
        @spec
        def after_pipeline_run(self, run_params, run_result, pipeline, catalog): ...
        @spec
        def on_pipeline_error(self, error, run_params, pipeline, catalog): ...
        @spec
        def before_node_run(self, node, catalog, inputs, is_async, run_id): ...
        @spec
        def after_node_run(self, node, catalog, inputs, outputs, is_async, run_id): ...
        @spec
        def on_node_error(self, error, node, catalog, inputs, is_async, run_id): ...
        @spec
        def before_dataset_loaded(self, dataset_name, node): ...
        @spec
        def after_dataset_loaded(self, dataset_name, data, node): ...
        @spec
        def before_dataset_saved(self, dataset_name, data, node): ...
        @spec
        def after_dataset_saved(self, dataset_name, data, node): ...

    return Specs


def simulate_run(hook, fail=False, conf_creds=None, run_params=RUN_PARAMS, error=None):
    """The call order of a SequentialRunner run (RUNTIME.md §5): context, catalog, pipeline, then per node loads, node, saves."""
    hook.after_context_created(context=type("Ctx", (), {"project_path": "/p", "env": "local"})())
    hook.after_catalog_created(catalog={}, conf_catalog={}, conf_creds=conf_creds or {}, parameters={}, save_version="v", load_versions={})
    pipeline = FakePipeline([SPLIT, TRAIN])
    hook.before_pipeline_run(run_params=run_params, pipeline=pipeline, catalog={})
    for node in (SPLIT, TRAIN):
        for ds in node.inputs:
            hook.before_dataset_loaded(dataset_name=ds, node=node)
            hook.after_dataset_loaded(dataset_name=ds, data=FakeFrame(), node=node)
        hook.before_node_run(node=node, catalog={}, inputs={}, is_async=False, run_id=RUN_PARAMS["run_id"])
        if fail and node is TRAIN:
            error = error or ValueError("test_size=2.5 should be < 1")
            hook.on_node_error(error=error, node=node, catalog={}, inputs={}, is_async=False, run_id=RUN_PARAMS["run_id"])
            hook.on_pipeline_error(error=error, run_params=run_params, pipeline=pipeline, catalog={})
            return
        hook.after_node_run(node=node, catalog={}, inputs={}, outputs={}, is_async=False, run_id=RUN_PARAMS["run_id"])
        for ds in node.outputs:
            hook.before_dataset_saved(dataset_name=ds, data=[1, 2, 3], node=node)
            hook.after_dataset_saved(dataset_name=ds, data=[1, 2, 3], node=node)
    hook.after_pipeline_run(run_params=RUN_PARAMS, run_result={}, pipeline=pipeline, catalog={})


def read_events(folder, run_id="lens-run-1"):
    with open(os.path.join(folder, f"{run_id}.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _hammer(folder, n):
    os.environ["KEDRO_LENS_EVENTS_DIR"] = folder
    os.environ["KEDRO_LENS_RUN_ID"] = "lens-run-1"
    hooks = LensHooks()
    node = FakeNode(f"node_{os.getpid()}", ["a"], ["b"])
    for _ in range(n):
        hooks.before_node_run(node, "r")
        hooks.after_node_run(node)


def _fail_in_worker(folder):
    os.environ["KEDRO_LENS_EVENTS_DIR"] = folder
    hooks = LensHooks()
    hooks.before_node_run(TRAIN, "r")
    hooks.on_node_error(ValueError("bad key AKIAKEDROLENSTEST"), TRAIN)


class RecorderTest(unittest.TestCase):
    def setUp(self):
        redact._secrets.clear()
        self.dir = tempfile.mkdtemp(prefix="kl-hooks-")
        os.environ["KEDRO_LENS_EVENTS_DIR"] = self.dir
        os.environ["KEDRO_LENS_RUN_ID"] = "lens-run-1"

    def hook_caller(self):
        """pluggy's hook caller when available: argument names are validated against Kedro's specs, as in a real run."""
        hooks = LensHooks()
        if pluggy is None:
            return hooks
        pm = pluggy.PluginManager("kedro")
        pm.add_hookspecs(kedro_specs())
        pm.register(hooks)
        return pm.hook

    def test_sequential_run_records_every_step(self):
        simulate_run(self.hook_caller())
        events = read_events(self.dir)
        self.assertEqual(
            [e["event"] for e in events],
            ["context", "catalog", "pipeline_start", "load", "load", "node_start", "node_end", "save", "save", "save", "save", "load", "load", "node_start", "node_end", "save", "pipeline_end"],
        )
        start = events[2]
        self.assertEqual(start["nodes"], ["split_data_node", "train_model_node"])
        self.assertEqual(start["runtime_params"], {"model_options.test_size": 0.3})
        self.assertEqual(start["run_id"], RUN_PARAMS["run_id"])
        self.assertEqual(start["runner"], "SequentialRunner")
        node_end = events[6]
        self.assertEqual((node_end["node"], node_end["status"]), ("split_data_node", "success"))
        self.assertGreaterEqual(node_end["duration"], 0)
        self.assertEqual(events[3]["size"], {"rows": 60, "columns": 27})
        self.assertEqual(events[7]["size"], {"length": 3})
        self.assertEqual(events[-1]["status"], "success")
        for e in events:
            self.assertEqual(e["pid"], os.getpid())
            self.assertIn("t", e)
            self.assertNotIn("data", e)

    SECRETS = ("AKIAKEDROLENSTEST", "s3cr3t/Value+kl", "tiger-kl-99", "hunter2-kl")
    CREDS = {
        "dev_s3": {"key": "AKIAKEDROLENSTEST", "secret": "s3cr3t/Value+kl"},
        "db": {"con": "postgresql://scott:tiger-kl-99@db.internal:5432/shuttles"},
    }

    def test_credentials_never_reach_the_event_file(self):
        old_argv = sys.argv
        # What a user may type and what a failing dataset may say: a --params password, a URL with a password, the keys.
        sys.argv = ["kedro", "run", "--params=db.password=hunter2-kl,passenger_capacity=3"]
        try:
            params = dict(RUN_PARAMS, runtime_params={"db.password": "hunter2-kl", "passenger_capacity": 3})
            error = RuntimeError("connect failed: postgresql://scott:tiger-kl-99@db.internal:5432/shuttles (key AKIAKEDROLENSTEST, secret s3cr3t/Value+kl)")
            simulate_run(self.hook_caller(), fail=True, conf_creds=self.CREDS, run_params=params, error=error)
        finally:
            sys.argv = old_argv
        raw = Path(self.dir, "lens-run-1.jsonl").read_text(encoding="utf-8")
        for secret in self.SECRETS:
            self.assertNotIn(secret, raw)
        events = read_events(self.dir)
        start = next(e for e in events if e["event"] == "pipeline_start")
        self.assertEqual(start["runtime_params"], {"db.password": "***", "passenger_capacity": 3})
        self.assertEqual(start["command"], ["run", "--params=db.password=***,passenger_capacity=3"])
        failed = next(e for e in events if e["event"] == "node_end" and e["status"] == "failed")
        self.assertEqual(failed["error"], "connect failed: *** (key ***, secret ***)")
        self.assertIn("RuntimeError: connect failed", failed["traceback"])

    def test_unknown_url_passwords_and_secret_names_are_masked_without_credentials(self):
        simulate_run(self.hook_caller(), fail=True, error=ValueError("mysql://u:p4ss-kl@h/x failed; api_key='abc kl'; passenger_capacity=3"))
        failed = next(e for e in read_events(self.dir) if e["event"] == "node_end" and e["status"] == "failed")
        self.assertEqual(failed["error"], "mysql://u:***@h/x failed; api_key='***'; passenger_capacity=3")

    def test_forked_workers_inherit_the_credentials_to_mask(self):
        # ParallelRunner: the catalog (and its credentials) is built in the main process; node errors fire in workers.
        redact.remember_credentials(self.CREDS)
        ctx = multiprocessing.get_context("fork")
        p = ctx.Process(target=_fail_in_worker, args=(self.dir,))
        p.start()
        p.join(30)
        raw = Path(self.dir, "lens-run-1.jsonl").read_text(encoding="utf-8")
        self.assertIn("bad key ***", raw)
        self.assertNotIn("AKIAKEDROLENSTEST", raw)

    def test_failed_run_records_the_error(self):
        simulate_run(self.hook_caller(), fail=True)
        events = read_events(self.dir)
        failed = [e for e in events if e["event"] == "node_end" and e["status"] == "failed"]
        self.assertEqual(len(failed), 1)
        self.assertEqual(failed[0]["node"], "train_model_node")
        self.assertEqual(failed[0]["error_type"], "ValueError")
        self.assertIn("test_size=2.5", failed[0]["traceback"])
        self.assertEqual(events[-1]["event"], "pipeline_end")
        self.assertEqual(events[-1]["status"], "failed")

    def test_never_breaks_a_run(self):
        os.environ["KEDRO_LENS_EVENTS_DIR"] = "/proc/definitely/not/writable"
        hooks = LensHooks()
        with self.assertLogs("kedro_lens_hooks", level="WARNING") as logs:
            hooks.before_node_run(SPLIT, "r")
            hooks.after_node_run(SPLIT)
            hooks.after_node_run(None)  # a broken argument inside a hook
        self.assertEqual(len(logs.records), 2)  # one writer warning, one hook warning: each reported once

    def test_processes_append_safely(self):
        ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else multiprocessing.get_context()
        procs = [ctx.Process(target=_hammer, args=(self.dir, 250)) for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
        events = read_events(self.dir)
        self.assertEqual(len(events), 4 * 250 * 2)
        self.assertEqual(len({e["pid"] for e in events}), 4)

    def test_run_id_left_for_the_terminal_is_claimed_once(self):
        # The extension no longer prefixes the command with KEDRO_LENS_RUN_ID=…: the terminal carries a token instead.
        del os.environ["KEDRO_LENS_RUN_ID"]
        os.environ["KEDRO_LENS_TERMINAL"] = "term-1"
        try:
            with open(os.path.join(self.dir, "term-1.run-2026-12-02T07-39-11-000Z-abcd.next"), "w", encoding="utf-8") as f:
                f.write("run-2026-12-02T07-39-11-000Z-abcd\nkedro run\n")
            simulate_run(self.hook_caller())
            events = read_events(self.dir, "run-2026-12-02T07-39-11-000Z-abcd")
            self.assertEqual(events[0]["event"], "context")
            self.assertEqual(events[-1]["event"], "pipeline_end")
            self.assertEqual(sorted(os.listdir(self.dir)), ["run-2026-12-02T07-39-11-000Z-abcd.jsonl"])
            # Workers started after the claim inherit the id.
            self.assertEqual(os.environ["KEDRO_LENS_RUN_ID"], "run-2026-12-02T07-39-11-000Z-abcd")
            # A later `kedro run` typed by hand in that terminal finds nothing to claim: Kedro's own run id names it.
            del os.environ["KEDRO_LENS_RUN_ID"]
            simulate_run(self.hook_caller())
            self.assertEqual(len(read_events(self.dir, RUN_PARAMS["run_id"])), 15)
        finally:
            os.environ.pop("KEDRO_LENS_TERMINAL", None)

    def test_runs_sent_before_the_first_one_started_each_claim_their_own_id(self):
        # The e2e failure: three runs sent to one terminal within 2 s, while the first was still starting. With one
        # `<token>.next` slot each left id replaced the previous one, and the first process took the third run's id.
        from kedro_lens_hooks.recorder import _claim_run_id

        os.environ["KEDRO_LENS_TERMINAL"] = "term-1"
        other = "term-12"  # another terminal's token that starts with this one's
        try:
            sent = [
                ("run-2026-12-02T07-39-11-094Z-o9zc", "/opt/kedro run --nodes=split_data_node"),
                ("run-2026-12-02T07-39-12-853Z-llmw", "/opt/kedro run --nodes=split_data_node,train_model_node"),
                ("run-2026-12-02T07-39-13-493Z-rx6p", "/opt/kedro run"),
            ]
            for rid, line in sent:
                with open(os.path.join(self.dir, f"term-1.{rid}.next"), "w", encoding="utf-8") as f:
                    f.write(f"{rid}\n{line}\n")
            with open(os.path.join(self.dir, f"{other}.run-2026-12-02T07-39-10-000Z-zzzz.next"), "w", encoding="utf-8") as f:
                f.write("run-2026-12-02T07-39-10-000Z-zzzz\n/opt/kedro run --nodes=split_data_node\n")
            self.assertEqual(_claim_run_id(self.dir, ["run", "--nodes=split_data_node"]), sent[0][0])
            self.assertEqual(_claim_run_id(self.dir, ["run", "--nodes=split_data_node,train_model_node"]), sent[1][0])
            self.assertEqual(_claim_run_id(self.dir, ["run"]), sent[2][0])
            self.assertIsNone(_claim_run_id(self.dir, ["run"]))
            self.assertEqual(os.listdir(self.dir), [f"{other}.run-2026-12-02T07-39-10-000Z-zzzz.next"])
        finally:
            os.environ.pop("KEDRO_LENS_TERMINAL", None)

    def test_an_id_left_for_a_run_that_never_started_is_not_taken_by_the_next_command(self):
        # `kedro run --nodes=x` exited before Kedro's first hook (wrong interpreter): its id is still waiting when the next
        # run starts. The next run takes its own (its command line); a wrapper that changes the arguments takes the oldest.
        from kedro_lens_hooks.recorder import _claim_run_id

        os.environ["KEDRO_LENS_TERMINAL"] = "term-1"
        try:
            for rid, line in [("run-a", "kedro run --nodes=x"), ("run-b", "python -m kedro run --params='a=b c'")]:
                with open(os.path.join(self.dir, f"term-1.{rid}.next"), "w", encoding="utf-8") as f:
                    f.write(f"{rid}\n{line}\n")
            self.assertEqual(_claim_run_id(self.dir, ["run", "--params=a=b c"]), "run-b")
            self.assertEqual(_claim_run_id(self.dir, ["wrapped"]), "run-a")
        finally:
            os.environ.pop("KEDRO_LENS_TERMINAL", None)

    def test_no_events_without_the_extension(self):
        del os.environ["KEDRO_LENS_EVENTS_DIR"]
        hooks = LensHooks()
        hooks.before_node_run(SPLIT, "r")
        self.assertEqual(os.listdir(self.dir), [])


class LoadingTest(unittest.TestCase):
    def test_entry_point_is_found_through_pythonpath(self):
        code = (
            "import importlib.metadata as m, json;"
            "eps = m.entry_points(group='kedro.hooks');"
            "ep = [e for e in eps if e.name == 'kedro_lens_hooks'][0];"
            "obj = ep.load();"
            "print(json.dumps([ep.value, ep.dist.metadata['Name'], type(obj).__name__]))"
        )
        env = {**os.environ, "PYTHONPATH": str(PLUGIN_ROOT)}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
        self.assertEqual(json.loads(out.stdout), ["kedro_lens_hooks:hooks", "kedro-lens-hooks", "LensHooks"])

    def test_not_loaded_without_pythonpath(self):
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        code = "import importlib.metadata as m; print(len([e for e in m.entry_points(group='kedro.hooks') if e.name == 'kedro_lens_hooks']))"
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
        self.assertEqual(out.stdout.strip(), "0")



OLD_SPECS = """
class NodeSpecs:
    def before_node_run(self, node, catalog, inputs, is_async, session_id): ...
    def after_node_run(self, node, catalog, inputs, outputs, is_async, session_id): ...
    def on_node_error(self, error, node, catalog, inputs, is_async, session_id): ...

class DatasetSpecs:
    def before_dataset_loaded(self, dataset_name): ...
    def after_dataset_loaded(self, dataset_name, data): ...
    def before_dataset_saved(self, dataset_name, data): ...
    def after_dataset_saved(self, dataset_name, data): ...
"""


@unittest.skipIf(pluggy is None, "needs pluggy (Debian python3-pluggy) to validate hook arguments")
class OlderKedroTest(unittest.TestCase):
    """Kedro 0.18.0-0.18.4 node and dataset specs (session_id, no node): pluggy must accept the plugin."""

    def test_plugin_registers_and_records_under_0_18_specs(self):
        import types

        folder = tempfile.mkdtemp(prefix="kl-hooks-old-")
        os.environ["KEDRO_LENS_EVENTS_DIR"] = folder
        os.environ["KEDRO_LENS_RUN_ID"] = "lens-run-1"
        fake = {name: types.ModuleType(name) for name in ("kedro", "kedro.framework", "kedro.framework.hooks", "kedro.framework.hooks.specs")}
        exec(OLD_SPECS, fake["kedro.framework.hooks.specs"].__dict__)  # noqa: S102 - our own literal above
        fake["kedro.framework.hooks"].specs = fake["kedro.framework.hooks.specs"]
        saved = {k: sys.modules.get(k) for k in fake}
        sys.modules.update(fake)
        try:
            from kedro_lens_hooks import recorder

            old = importlib.reload(recorder)
            spec = pluggy.HookspecMarker("kedro")

            class Specs:
                @spec
                def before_pipeline_run(self, run_params, pipeline, catalog): ...
                @spec
                def before_node_run(self, node, catalog, inputs, is_async, session_id): ...
                @spec
                def after_node_run(self, node, catalog, inputs, outputs, is_async, session_id): ...
                @spec
                def before_dataset_loaded(self, dataset_name): ...
                @spec
                def after_dataset_loaded(self, dataset_name, data): ...

            pm = pluggy.PluginManager("kedro")
            pm.add_hookspecs(Specs)
            # The 1.x-shaped plugin is refused exactly as Kedro 0.18 would refuse it ...
            with self.assertRaises(pluggy.PluginValidationError):
                pm.register(LensHooks())
            # ... the one built against the installed specs is not.
            pm.register(old.LensHooks())
            pm.hook.before_pipeline_run(run_params={"session_id": "2026-12-02T07.00.00.000Z", "pipeline_names": []}, pipeline=FakePipeline([SPLIT]), catalog={})
            pm.hook.before_dataset_loaded(dataset_name="model_input_table")
            pm.hook.after_dataset_loaded(dataset_name="model_input_table", data=FakeFrame())
            pm.hook.before_node_run(node=SPLIT, catalog={}, inputs={}, is_async=False, session_id="2026-12-02T07.00.00.000Z")
            pm.hook.after_node_run(node=SPLIT, catalog={}, inputs={}, outputs={}, is_async=False, session_id="2026-12-02T07.00.00.000Z")
            events = read_events(folder)
            self.assertEqual([e["event"] for e in events], ["pipeline_start", "load", "node_start", "node_end"])
            self.assertEqual(events[0]["run_id"], "2026-12-02T07.00.00.000Z")
            self.assertEqual((events[1]["dataset"], events[1]["node"]), ("model_input_table", None))
        finally:
            for k, v in saved.items():
                if v is None:
                    sys.modules.pop(k, None)
                else:
                    sys.modules[k] = v
            importlib.reload(recorder)

if __name__ == "__main__":
    unittest.main()
