"""Hook implementations and the event writer. Never lets an exception escape into the run."""

from __future__ import annotations

import inspect
import json
import logging
import os
import re
import shlex
import sys
import threading
import time
import traceback
from typing import Any

from .redact import redact, remember_credentials

try:  # Kedro depends on pluggy; the fallback keeps the module importable (and testable) without it.
    from pluggy import HookimplMarker

    hook_impl = HookimplMarker("kedro")
except ImportError:  # pragma: no cover - exercised only without pluggy

    def hook_impl(func=None, **_kwargs):
        def mark(f):
            f.kedro_impl = {}
            return f

        return mark(func) if func is not None else mark


try:
    import fcntl
except ImportError:  # Windows: appends of one small write are still atomic enough for line-sized records.
    fcntl = None  # type: ignore[assignment]

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

logger = logging.getLogger("kedro_lens_hooks")

EVENTS_DIR = "KEDRO_LENS_EVENTS_DIR"
RUN_ID = "KEDRO_LENS_RUN_ID"
# Set in each Kedro terminal the extension opens: before sending a run it writes `<token>.<run id>.next` (the run id,
# then the command line) to the events folder, and the run claims it, so the command line stays the one a user would type.
# One file per run: runs sent while an earlier one is still starting wait in the terminal, and each claims its own id.
TERMINAL = "KEDRO_LENS_TERMINAL"


def _pending_command_matches(line: str, args: list[str]) -> bool:
    """The command line the extension sent ends with this process's arguments (`kedro run …` or `python -m kedro run …`)."""
    try:
        sent = shlex.split(line)
    except ValueError:
        return False
    return bool(args) and len(sent) > len(args) and sent[-len(args) :] == args


def _claim_run_id(folder: str, args: list[str] | None = None) -> str | None:
    """The run id the extension left for this terminal, taken once (renamed away first, so only one process gets it).

    Commands sent to a terminal run in the order sent and run ids sort by the time they were made, so the oldest pending
    id whose command line is this process's is ours; when none is (a wrapper changed the arguments), the oldest one.
    """
    token = os.environ.get(TERMINAL)
    if not token or not all(c.isalnum() or c in "-_" for c in token):
        return None
    args = sys.argv[1:] if args is None else args
    try:
        names = sorted(n for n in os.listdir(folder) if n.startswith(f"{token}.") and n.endswith(".next"))
    except OSError:
        return None
    entries = []
    for name in names:
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                lines = f.read().splitlines()
        except OSError:
            continue  # claimed meanwhile
        entries.append((name, _pending_command_matches(lines[1], args) if len(lines) > 1 else False))
    for name, _ in sorted(entries, key=lambda e: not e[1]):  # stable: matching ones first, each group oldest first
        pending = os.path.join(folder, name)
        mine = f"{pending}.{os.getpid()}"
        try:
            os.rename(pending, mine)
        except OSError:
            continue  # another process took it
        try:
            with open(mine, encoding="utf-8") as f:
                rid = (f.read().splitlines() or [""])[0].strip()
        except OSError:
            rid = ""
        finally:
            try:
                os.remove(mine)
            except OSError:
                pass
        if rid:
            return rid
    return None


TRACEMALLOC = "KEDRO_LENS_TRACEMALLOC"


def _peak_rss_kb() -> int | None:
    if resource is None:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return int(peak / 1024) if sys.platform == "darwin" else int(peak)


def _size_of(data: Any) -> dict | None:
    """Cheap shape of a value (rows × columns, length or bytes), never the data itself."""
    try:
        shape = getattr(data, "shape", None)
        if isinstance(shape, tuple) and shape and all(isinstance(x, int) for x in shape):
            out: dict = {"rows": shape[0]}
            if len(shape) > 1:
                out["columns"] = shape[1]
            return out
        if isinstance(data, (bytes, bytearray, str)):
            return {"bytes": len(data)}
        if hasattr(data, "__len__") and not callable(data):
            return {"length": len(data)}
    except Exception:  # noqa: BLE001 - sizes are best effort
        return None
    return None


class _Writer:
    """Appends one JSON line per event to the run's file; safe across threads and processes (flock + O_APPEND)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._warned = False
        self._path: str | None = None

    def path(self, run_id: str | None = None) -> str | None:
        if self._path is None:
            folder = os.environ.get(EVENTS_DIR)
            if not folder:
                return None
            claimed = None if os.environ.get(RUN_ID) else _claim_run_id(folder)
            if claimed:
                # ParallelRunner workers start later and inherit the environment: they write to the same file.
                os.environ[RUN_ID] = claimed
            rid = os.environ.get(RUN_ID) or run_id
            if not rid:
                return None
            os.makedirs(folder, exist_ok=True)
            safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in rid)
            self._path = os.path.join(folder, f"{safe}.jsonl")
        return self._path

    def write(self, record: dict, run_id: str | None = None) -> None:
        try:
            target = self.path(run_id)
            if target is None:
                return
            record.setdefault("t", time.time())
            record.setdefault("pid", os.getpid())
            record.setdefault("ppid", os.getppid())
            record.setdefault("thread", threading.current_thread().name)
            line = (json.dumps(record, default=str, ensure_ascii=False) + "\n").encode("utf-8")
            with self._lock:
                fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    if fcntl is not None:
                        fcntl.flock(fd, fcntl.LOCK_EX)
                    os.write(fd, line)
                finally:
                    if fcntl is not None:
                        fcntl.flock(fd, fcntl.LOCK_UN)
                    os.close(fd)
        except Exception as exc:  # noqa: BLE001 - recording must never break a run
            if not self._warned:
                self._warned = True
                logger.warning("Kedro Lens could not record a run event (further errors are silent): %s", exc)


def _node_fields(node: Any) -> dict:
    return {
        "node": node.name,
        "namespace": getattr(node, "namespace", None),
        "func": getattr(getattr(node, "func", None), "__name__", None),
        "inputs": list(getattr(node, "inputs", [])),
        "outputs": list(getattr(node, "outputs", [])),
    }


def _spec_args(hook: str) -> set[str] | None:
    """Argument names of the installed Kedro's spec of `hook`; None without Kedro or without that spec."""
    try:
        from kedro.framework.hooks import specs
    except Exception:  # noqa: BLE001
        return None
    for cls in vars(specs).values():
        fn = getattr(cls, hook, None) if isinstance(cls, type) else None
        if fn is not None:
            return set(inspect.signature(fn).parameters) - {"self"}
    return None


# pluggy refuses a plugin whose hook takes an argument the spec lacks, so each Kedro gets the names it declares:
# node hooks take `session_id` before 1.0 (`run_id` after), dataset hooks take `node` only from 0.18.5, and
# after_context_created exists from 0.18.1.
_NODE_RUN_ARG = "session_id" if "session_id" in (_spec_args("before_node_run") or ()) else "run_id"
_DATASET_NODE = "node" in (_spec_args("before_dataset_loaded") or {"node"})
_HAS_CONTEXT_HOOK = _spec_args("before_node_run") is None or _spec_args("after_context_created") is not None


_RUNNER_REPR = re.compile(r"^<([\w.]+) object at 0x[0-9a-fA-F]+>$")


def _runner_name(runner: Any) -> str | None:
    """The runner's class name: Kedro 1.5 puts the runner's text form (`<kedro.runner.… object at 0x…>`) in run_params."""
    if runner is None:
        return None
    if not isinstance(runner, str):
        return type(runner).__name__
    m = _RUNNER_REPR.match(runner.strip())
    return m.group(1).rsplit(".", 1)[-1] if m else runner


class LensHooks:
    """One instance per process; ParallelRunner workers get their own (Kedro re-registers plugins per task)."""

    def __init__(self) -> None:
        self._writer = _Writer()
        self._node_started: dict[tuple[int, str], float] = {}
        self._io_started: dict[tuple[int, str, str, str], float] = {}
        self._run_id: str | None = None
        self._failed = False
        self._tracemalloc = False

    def _safe(self, impl, *args) -> None:
        """Any failure inside a hook is swallowed and reported once: recording must never break a run."""
        try:
            impl(*args)
        except Exception as exc:  # noqa: BLE001
            if not self._failed:
                self._failed = True
                logger.warning("Kedro Lens hook %s failed (further errors are silent): %s", impl.__name__.lstrip("_"), exc)

    def _emit(self, event: str, **fields: Any) -> None:
        fields["event"] = event
        if self._run_id:
            fields.setdefault("run_id", self._run_id)
        self._writer.write(redact(fields), self._run_id)

    # --- context and catalog -------------------------------------------------------------------------------

    if _HAS_CONTEXT_HOOK:

        @hook_impl
        def after_context_created(self, context) -> None:
            self._safe(self._after_context_created, context)

    def _after_context_created(self, context) -> None:
        plugins = []
        pm = getattr(context, "_hook_manager", None)
        if pm is not None:
            for name, plugin in pm.list_name_plugin():
                callers = pm.get_hookcallers(plugin) or []
                plugins.append({"name": name, "class": type(plugin).__name__, "hooks": sorted(c.name for c in callers)})
        self._emit("context", project_path=str(getattr(context, "project_path", "")), env=getattr(context, "env", None), plugins=plugins)

    @hook_impl
    def after_catalog_created(self, catalog, conf_creds) -> None:
        self._safe(self._after_catalog_created, catalog, conf_creds)

    def _after_catalog_created(self, catalog, conf_creds) -> None:
        remember_credentials(conf_creds)
        try:
            count = len(list(catalog.keys())) if hasattr(catalog, "keys") else None
        except Exception:  # noqa: BLE001
            count = None
        self._emit("catalog", datasets=count)

    # --- pipeline ----------------------------------------------------------------------------------------

    @hook_impl
    def before_pipeline_run(self, run_params, pipeline) -> None:
        self._safe(self._before_pipeline_run, run_params, pipeline)

    def _before_pipeline_run(self, run_params, pipeline) -> None:
        self._run_id = str(run_params.get("run_id") or run_params.get("session_id") or "") or None
        if os.environ.get(TRACEMALLOC) == "1":
            import tracemalloc

            tracemalloc.start()
            self._tracemalloc = True
        self._emit(
            "pipeline_start",
            command=sys.argv[1:],
            env=run_params.get("env"),
            runner=_runner_name(run_params.get("runner")),
            pipelines=run_params.get("pipeline_names") or ["__default__"],
            filters={k: run_params.get(k) for k in ("tags", "node_names", "from_nodes", "to_nodes", "from_inputs", "to_outputs", "namespaces") if run_params.get(k)},
            load_versions=run_params.get("load_versions") or {},
            runtime_params=run_params.get("runtime_params") or {},
            nodes=[n.name for n in pipeline.nodes],
            kedro_version=run_params.get("kedro_version"),
        )

    @hook_impl
    def after_pipeline_run(self) -> None:
        self._safe(self._after_pipeline_run)

    def _after_pipeline_run(self) -> None:
        self._emit("pipeline_end", status="success", peak_rss_kb=_peak_rss_kb())

    @hook_impl
    def on_pipeline_error(self, error) -> None:
        self._safe(self._on_pipeline_error, error)

    def _on_pipeline_error(self, error) -> None:
        self._emit("pipeline_end", status="failed", error_type=type(error).__name__, error=str(error), peak_rss_kb=_peak_rss_kb())

    # --- nodes -------------------------------------------------------------------------------------------

    if _NODE_RUN_ARG == "run_id":

        @hook_impl
        def before_node_run(self, node, run_id) -> None:
            self._safe(self._before_node_run, node, run_id)

    else:

        @hook_impl
        def before_node_run(self, node, session_id) -> None:
            self._safe(self._before_node_run, node, session_id)

    def _before_node_run(self, node, run_id) -> None:
        # No default on run_id: pluggy never passes arguments that have one.
        self._run_id = self._run_id or (str(run_id) if run_id else None)
        self._node_started[(os.getpid(), node.name)] = time.perf_counter()
        self._emit("node_start", **_node_fields(node), rss_kb=_peak_rss_kb())

    @hook_impl
    def after_node_run(self, node) -> None:
        self._safe(self._after_node_run, node)

    def _after_node_run(self, node) -> None:
        started = self._node_started.pop((os.getpid(), node.name), None)
        extra = {}
        if self._tracemalloc:
            import tracemalloc

            extra["traced_peak_kb"] = int(tracemalloc.get_traced_memory()[1] / 1024)
            tracemalloc.reset_peak()
        self._emit("node_end", node=node.name, status="success", duration=None if started is None else time.perf_counter() - started, peak_rss_kb=_peak_rss_kb(), **extra)

    @hook_impl
    def on_node_error(self, error, node) -> None:
        self._safe(self._on_node_error, error, node)

    def _on_node_error(self, error, node) -> None:
        started = self._node_started.pop((os.getpid(), node.name), None)
        self._emit(
            "node_end",
            node=node.name,
            status="failed",
            duration=None if started is None else time.perf_counter() - started,
            error_type=type(error).__name__,
            error=str(error),
            traceback="".join(traceback.format_exception(type(error), error, error.__traceback__))[-8000:],
        )

    # --- datasets ----------------------------------------------------------------------------------------

    def _io_start(self, kind: str, dataset_name: str, node) -> None:
        self._io_started[(os.getpid(), threading.get_ident(), kind, dataset_name)] = time.perf_counter()

    def _io_end(self, kind: str, dataset_name: str, data, node) -> None:
        started = self._io_started.pop((os.getpid(), threading.get_ident(), kind, dataset_name), None)
        self._emit(kind, dataset=dataset_name, node=getattr(node, "name", None), duration=None if started is None else time.perf_counter() - started, size=_size_of(data))

    def _before_dataset_loaded(self, dataset_name, node) -> None:
        self._io_start("load", dataset_name, node)

    def _after_dataset_loaded(self, dataset_name, data, node) -> None:
        self._io_end("load", dataset_name, data, node)

    def _before_dataset_saved(self, dataset_name, node) -> None:
        self._io_start("save", dataset_name, node)

    def _after_dataset_saved(self, dataset_name, data, node) -> None:
        self._io_end("save", dataset_name, data, node)

    if _DATASET_NODE:

        @hook_impl
        def before_dataset_loaded(self, dataset_name, node) -> None:
            self._safe(self._before_dataset_loaded, dataset_name, node)

        @hook_impl
        def after_dataset_loaded(self, dataset_name, data, node) -> None:
            self._safe(self._after_dataset_loaded, dataset_name, data, node)

        @hook_impl
        def before_dataset_saved(self, dataset_name, node) -> None:
            self._safe(self._before_dataset_saved, dataset_name, node)

        @hook_impl
        def after_dataset_saved(self, dataset_name, data, node) -> None:
            self._safe(self._after_dataset_saved, dataset_name, data, node)

    else:

        @hook_impl
        def before_dataset_loaded(self, dataset_name) -> None:
            self._safe(self._before_dataset_loaded, dataset_name, None)

        @hook_impl
        def after_dataset_loaded(self, dataset_name, data) -> None:
            self._safe(self._after_dataset_loaded, dataset_name, data, None)

        @hook_impl
        def before_dataset_saved(self, dataset_name) -> None:
            self._safe(self._before_dataset_saved, dataset_name, None)

        @hook_impl
        def after_dataset_saved(self, dataset_name, data) -> None:
            self._safe(self._after_dataset_saved, dataset_name, data, None)
