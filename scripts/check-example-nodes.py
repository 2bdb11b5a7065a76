"""Runs the example project's node functions on its real data, in pipeline order, without Kedro.

Real Kedro cannot be installed on the CI machines (no PyPI), so this checks what can be checked offline with
Debian's pandas / scikit-learn / matplotlib: the CSVs, the parameters and every node function fit together.
Usage: python3 scripts/check-example-nodes.py [examples/spaceflights]
"""

import sys
import types
from pathlib import Path

import pandas as pd
import yaml

root = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/spaceflights").resolve()
sys.path.insert(0, str(root / "src"))
# The pipeline packages import kedro.pipeline at import time; the node functions themselves do not use Kedro.
kedro, kedro_pipeline = types.ModuleType("kedro"), types.ModuleType("kedro.pipeline")
kedro_pipeline.Node = kedro_pipeline.Pipeline = object
sys.modules.update({"kedro": kedro, "kedro.pipeline": kedro_pipeline})

from spaceflights.pipelines.data_processing import nodes as dp  # noqa: E402
from spaceflights.pipelines.data_science import nodes as ds  # noqa: E402
from spaceflights.pipelines.reporting import nodes as rp  # noqa: E402


def load_yaml(rel):
    return yaml.safe_load((root / rel).read_text())


raw = {name: pd.read_csv(root / f"data/01_raw/{name}.csv") for name in ("companies", "shuttles", "reviews")}
companies = dp.preprocess_companies(raw["companies"])
shuttles = dp.preprocess_shuttles(raw["shuttles"])
table = dp.create_model_input_table(shuttles, companies, raw["reviews"])
assert len(table) >= 20, f"model input table too small: {table.shape}"

for env, rel in (("base", "conf/base/parameters_data_science.yml"), ("prod", "conf/prod/parameters.yml")):
    X_train, X_test, y_train, y_test = ds.split_data(table, load_yaml(rel)["model_options"])
    metrics = ds.evaluate_model(ds.train_model(X_train, y_train), X_test, y_test)
    assert set(metrics) == {"r2_score", "mae", "max_error"} and all(isinstance(v, float) for v in metrics.values())
    assert metrics["r2_score"] > 0.5, metrics
    print(f"{env}: {metrics}")

figure = rp.plot_price_by_shuttle_type(table, load_yaml("conf/base/parameters_reporting.yml")["plot_options"])
assert type(figure).__name__ == "Figure"
summary = rp.compare_passenger_capacity(shuttles)
assert list(summary.columns) == ["shuttle_type", "passenger_capacity"]
print(f"ok: {table.shape[0]} rows, {len(summary)} shuttle types")
