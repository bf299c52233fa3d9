"""lossdocs: loss functions of deep learning, exact and fast in NumPy.

The arguments are always ``(y_true, y_pred)``: targets first, predictions second.
"""

from importlib import metadata as _metadata

from lossdocs.activations import log_sigmoid, log_softmax, sigmoid, softmax
from lossdocs.classification import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    categorical_cross_entropy,
    cross_entropy_error,
    cross_entropy_error_grad,
    hinge_loss,
    hinge_loss_grad,
    kl_divergence,
    kl_divergence_grad,
    perplexity,
    sigmoid_binary_cross_entropy,
    sigmoid_binary_cross_entropy_grad,
    sigmoid_focal_loss,
    sigmoid_focal_loss_grad,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)
from lossdocs.embeddings import (
    info_nce_loss,
    info_nce_loss_grad,
    triplet_margin_loss,
    triplet_margin_loss_grad,
)
from lossdocs.likelihood import (
    gaussian_nll_loss,
    gaussian_nll_loss_grad,
    poisson_nll_loss,
    poisson_nll_loss_grad,
)
from lossdocs.regression import (
    huber_loss,
    huber_loss_grad,
    log_cosh_loss,
    log_cosh_loss_grad,
    mae,
    mean_absolute_error,
    mean_absolute_error_grad,
    mean_squared_error,
    mean_squared_error_grad,
    mse,
    quantile_loss,
    quantile_loss_grad,
    sse,
    sum_squared_error,
    sum_squared_error_grad,
)
from lossdocs.segmentation import dice_loss, dice_loss_grad

try:  # the version of pyproject.toml, as installed (site_tools/package.py; CHANGELOG.md)
    __version__ = _metadata.version("lossdocs")
except _metadata.PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "categorical_cross_entropy",
    "cross_entropy_error",
    "cross_entropy_error_grad",
    "dice_loss",
    "dice_loss_grad",
    "gaussian_nll_loss",
    "gaussian_nll_loss_grad",
    "hinge_loss",
    "hinge_loss_grad",
    "huber_loss",
    "huber_loss_grad",
    "info_nce_loss",
    "info_nce_loss_grad",
    "kl_divergence",
    "kl_divergence_grad",
    "log_cosh_loss",
    "log_cosh_loss_grad",
    "log_sigmoid",
    "log_softmax",
    "mae",
    "mean_absolute_error",
    "mean_absolute_error_grad",
    "mean_squared_error",
    "mean_squared_error_grad",
    "mse",
    "perplexity",
    "poisson_nll_loss",
    "poisson_nll_loss_grad",
    "quantile_loss",
    "quantile_loss_grad",
    "sigmoid",
    "sigmoid_binary_cross_entropy",
    "sigmoid_binary_cross_entropy_grad",
    "sigmoid_focal_loss",
    "sigmoid_focal_loss_grad",
    "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
    "sse",
    "sum_squared_error",
    "sum_squared_error_grad",
    "triplet_margin_loss",
    "triplet_margin_loss_grad",
]
