from kedro.pipeline import Node, Pipeline

from .nodes import compare_passenger_capacity, plot_price_by_shuttle_type


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                func=plot_price_by_shuttle_type,
                inputs=["model_input_table", "params:plot_options"],
                outputs="price_by_shuttle_type_plot",
                name="plot_price_by_shuttle_type_node",
            ),
            Node(
                func=compare_passenger_capacity,
                inputs="preprocessed_shuttles",
                outputs="passenger_capacity_by_type",
                name="compare_passenger_capacity_node",
            ),
        ],
        tags="reporting",
    )
