"""Writes test/grammar/*.test.* with caret assertions computed from substrings (no hand-counted columns).

Run after changing the cases below: python3 scripts/make-grammar-tests.py
"""

CASES = {
    "test/grammar/catalog.test.yml": ('# SYNTAX TEST "source.yaml" "Kedro catalog injections"', [
        ("_csv: &csv", [("_csv", "entity.name.tag.template.kedro")]),
        ("  type: pandas.CSVDataset", [("pandas.CSVDataset", "entity.name.type.dataset.kedro")]),
        ('"{region}.clean_orders@pandas":', [("{", "punctuation.definition.placeholder.begin.kedro"), ("region", "variable.other.placeholder.kedro"), ("@", "punctuation.separator.transcoding.kedro"), ("pandas", "storage.modifier.transcoding.kedro")]),
        ("  type: ${_csv.type}", [("${", "punctuation.definition.interpolation.begin.kedro"), ("_csv.type", "variable.parameter.interpolation.kedro"), ("}", "punctuation.definition.interpolation.end.kedro")]),
        ("  filepath: ${globals:folders.raw, data}/{region}.csv", [("globals", "support.function.resolver.kedro"), (":", "punctuation.separator.resolver.kedro", 1), ("folders.raw", "variable.parameter.interpolation.kedro"), (",", "punctuation.separator.arguments.kedro"), ("region", "variable.other.placeholder.kedro")]),
        ("  credentials: ${oc.env:DB_${runtime_params:suffix}}", [("oc.env", "support.function.resolver.kedro"), ("DB_", "variable.parameter.interpolation.kedro"), ("runtime_params", "support.function.resolver.kedro"), ("suffix", "variable.parameter.interpolation.kedro"), ("}}", "punctuation.definition.interpolation.end.kedro")]),
        ("inputs: params:model_options.test_size", [("params", "keyword.other.params.kedro"), (":", "punctuation.separator.params.kedro", 1)]),
    ]),
    "test/grammar/run.test.kedro-log": ('# SYNTAX TEST "source.kedro-log" "Kedro run output and hooks log"', [
        ("2026-11-25 12:05:05,768 - kedro.pipeline.node - INFO - Running node: split_data_node: split_data([model_input_table;params:model_options]) -> [X_train]", [
            ("2026-11-25 12:05:05,768", "constant.numeric.timestamp.kedro-log"), ("kedro.pipeline.node", "entity.name.namespace.logger.kedro-log"),
            ("INFO", "markup.inserted.level.info.kedro-log"), ("Running node:", "keyword.other.kedro-log"), ("split_data_node", "entity.name.function.node.kedro-log")]),
        ("2026-11-25 12:05:06,001 - kedro.runner.sequential_runner - INFO - Completed 4 out of 9 tasks", [("4", "constant.numeric.progress.kedro-log", 0, "Completed "), ("9", "constant.numeric.progress.kedro-log", 0, "out of ")]),
        ("2026-11-25 12:05:06,002 - kedro.io.data_catalog - INFO - Loading data from model_input_table (CSVDataset)...", [("model_input_table", "variable.other.dataset.kedro-log"), ("CSVDataset", "entity.name.type.dataset.kedro-log")]),
        ("2026-11-25 12:05:07,500 - kedro.runner.sequential_runner - WARNING - There are 3 nodes that have not run.", [("WARNING", "markup.changed.level.warning.kedro-log")]),
        ("2026-11-25 12:05:07,501 - kedro.runner.sequential_runner - ERROR - Node split_data_node: split_data([a]) -> [b] failed with error:", [("ERROR", "invalid.illegal.level.error.kedro-log"), ("failed with error:", "invalid.illegal.error.kedro-log")]),
        ("2026-11-25 12:05:07,502 - kedro.runner.sequential_runner - INFO - Pipeline execution completed successfully in 3.7 sec.", [("Pipeline execution completed successfully in 3.7 sec.", "markup.inserted.success.kedro-log")]),
        ("[11/25/26 12:05:05] INFO     Running node: train_model_node: train_model([X_train;y_train]) -> [regressor]        node.py:409", [("[11/25/26 12:05:05]", "constant.numeric.timestamp.kedro-log"), ("INFO", "markup.inserted.level.info.kedro-log"), ("train_model_node", "entity.name.function.node.kedro-log"), ("node.py:409", "comment.line.source.kedro-log")]),
        ("Traceback (most recent call last):", [("Traceback (most recent call last):", "invalid.illegal.traceback.kedro-log")]),
        ('  File "/p/src/spaceflights/pipelines/data_science/nodes.py", line 14, in split_data', [('"/p/src/spaceflights/pipelines/data_science/nodes.py"', "markup.underline.link.kedro-log"), ("14", "constant.numeric.line.kedro-log"), ("split_data", "entity.name.function.kedro-log")]),
        ("ValueError: test_size=2.5 should be < 1", [("ValueError", "invalid.illegal.exception.kedro-log")]),
        ("12:05:05.768 ▶ before_node_run  split_data_node  inputs: model_input_table, params:model_options", [("12:05:05.768", "constant.numeric.timestamp.kedro-log"), ("▶", "keyword.control.hook.kedro-log"), ("before_node_run", "support.function.hook.kedro-log"), ("split_data_node", "entity.name.function.node.kedro-log")]),
        ("12:05:05.818 ✔ after_node_run  split_data_node  50 ms", [("✔", "markup.inserted.success.kedro-log"), ("split_data_node", "entity.name.function.node.kedro-log"), ("50 ms", "constant.numeric.duration.kedro-log")]),
        ("12:05:05.900 ✖ on_node_error  train_model_node  ValueError: boom  at /p/src/nodes.py:12", [("✖", "invalid.illegal.failure.kedro-log"), ("train_model_node  ValueError: boom", "invalid.illegal.error.kedro-log"), ("/p/src/nodes.py:12", "markup.underline.link.kedro-log")]),
        ("12:05:05.700   after_dataset_loaded  model_input_table  10 ms 60×27", [("after_dataset_loaded", "support.function.hook.dataset.kedro-log"), ("model_input_table", "variable.other.dataset.kedro-log")]),
    ]),
}


def caret_line(line, needle, scope, nth=0, after=""):
    start = line.index(after) + len(after) if after else 0
    col = -1
    for _ in range(nth + 1):
        col = line.index(needle, col + 1 if col >= 0 else start)
    if col == 0:
        return f"# <{'-' * len(needle)} {scope}"
    return "#" + " " * (col - 1) + "^" * len(needle) + f" {scope}"


for path, (header, cases) in CASES.items():
    out = [header]
    for line, asserts in cases:
        out.append(line)
        for a in asserts:
            needle, scope = a[0], a[1]
            nth = a[2] if len(a) > 2 else 0
            after = a[3] if len(a) > 3 else ""
            out.append(caret_line(line, needle, scope, nth, after))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("wrote", path)
