"""A fitted logistic-regression head's class probabilities, computed here for live messages.

scikit-learn's `predict_proba` checks and converts its input on every call, which costs more than the product
itself for one message. For a multinomial head (more than two classes) this is the same computation, in the
same order: scores = X · coefᵀ + intercept, then the softmax (subtract the row's maximum, exponentiate,
divide by the row's sum). A binary head, which scikit-learn scores one-vs-rest, goes through scikit-learn.
"""

from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression


def probabilities(head: LogisticRegression, features: Any) -> NDArray[np.float64]:
    """Rows of class probabilities, in `head.classes_` order; `features` as the head was fitted on."""
    if len(head.classes_) <= 2:
        return np.asarray(head.predict_proba(features), dtype=np.float64)
    scores: NDArray[np.float64] = np.asarray(features @ head.coef_.T) + head.intercept_.reshape(1, -1)
    scores -= scores.max(axis=1).reshape(-1, 1)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1).reshape(-1, 1)
    return scores
