import pandas as pd
import pytest

from spaceflights.pipelines.data_science.nodes import split_data, train_model


@pytest.fixture
def model_input():
    return pd.DataFrame(
        {
            "engines": [1, 2, 3, 4, 2, 3, 1, 4, 2, 3],
            "crew": [1, 2, 1, 3, 2, 4, 1, 2, 3, 1],
            "price": [1400.0, 1900.0, 2100.0, 2900.0, 1950.0, 2600.0, 1350.0, 2800.0, 2000.0, 2300.0],
        }
    )


def test_split_data_respects_test_size(model_input):
    params = {"features": ["engines", "crew"], "test_size": 0.2, "random_state": 3}
    X_train, X_test, y_train, y_test = split_data(model_input, params)
    assert len(X_test) == 2 and len(X_train) == 8
    assert list(X_train.columns) == ["engines", "crew"]


def test_train_model_fits(model_input):
    model = train_model(model_input[["engines", "crew"]], model_input["price"])
    assert model.predict(model_input[["engines", "crew"]]).shape == (10,)
