import pandas as pd
from matplotlib.figure import Figure


def plot_price_by_shuttle_type(model_input_table: pd.DataFrame, plot_options: dict) -> Figure:
    """Bar chart of the mean price per shuttle type (no pyplot: works without a display)."""
    prices = model_input_table.groupby("shuttle_type")["price"].mean().sort_values()
    fig = Figure(figsize=(plot_options["width"], plot_options["height"]))
    ax = fig.subplots()
    ax.bar(prices.index, prices.values, color=plot_options["color"])
    ax.set_title(plot_options["title"])
    ax.set_ylabel("Mean price")
    return fig


def compare_passenger_capacity(preprocessed_shuttles: pd.DataFrame) -> pd.DataFrame:
    """Mean passenger capacity per shuttle type."""
    return (
        preprocessed_shuttles.groupby("shuttle_type")
        .agg({"passenger_capacity": "mean"})
        .reset_index()
    )
