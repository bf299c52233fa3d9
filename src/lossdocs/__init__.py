"""lossdocs: loss functions of deep learning, exact and fast in NumPy.

The arguments are always ``(y_true, y_pred)``: targets first, predictions second.
"""

from lossdocs.classification import (
    categorical_cross_entropy,
    cross_entropy_error,
    cross_entropy_error_grad,
)
from lossdocs.regression import sse, sum_squared_error, sum_squared_error_grad

__all__ = [
    "categorical_cross_entropy",
    "cross_entropy_error",
    "cross_entropy_error_grad",
    "sse",
    "sum_squared_error",
    "sum_squared_error_grad",
]
