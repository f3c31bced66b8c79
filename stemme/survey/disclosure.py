"""Statistics and disclosure control for the survey's figures: pure functions, no Django.

- ``wilson``: the 95 % Wilson score interval of a share (what statsmodels' ``proportion_confint``
  gives with ``method="wilson"``; tested against its published values).
- ``mean_interval``: a mean with its 95 % interval (normal approximation).
- ``suppressed``: which cells of a breakdown to hide so that no cell under the threshold can be
  read off the table or worked out from its total (complementary suppression).
"""

import math
from collections.abc import Mapping

Z_95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for ``successes`` of ``n`` (0 < n)."""
    if n <= 0:
        raise ValueError("n must be positive")
    if not 0 <= successes <= n:
        raise ValueError("successes must be between 0 and n")
    share = successes / n
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_interval(values: list[float], z: float = Z_95) -> tuple[float, float, float]:
    """(mean, low, high) of ``values`` (at least one); one value has no spread: low = high."""
    if not values:
        raise ValueError("no values")
    n = len(values)
    mean = sum(values) / n
    if n == 1:
        return mean, mean, mean
    variance = sum((value - mean) ** 2 for value in values) / (n - 1)
    half = z * math.sqrt(variance / n)
    return mean, mean - half, mean + half


def suppressed(counts: Mapping, threshold: int, *, total_shown: bool = True) -> set:
    """The keys of ``counts`` (cell → number of answers) to hide.

    Every cell under ``threshold`` (but above 0: an empty cell says nothing) is hidden. When the
    total of the breakdown is shown, what is hidden must not be recoverable from it: if the
    hidden cells together hold fewer than ``threshold`` answers, or only one cell is hidden,
    the smallest shown cells are hidden too until neither is true. If that cannot be done
    (the total itself is under the threshold) the caller hides the total too
    (``total_hidden``).
    """
    hidden = {key for key, count in counts.items() if 0 < count < threshold}
    if not hidden or not total_shown:
        return hidden
    shown = sorted((count, str(key), key) for key, count in counts.items() if key not in hidden)
    shown = [(count, key) for count, _name, key in shown if count > 0]

    def weak() -> bool:
        return len(hidden) < 2 or sum(counts[key] for key in hidden) < threshold

    while weak() and shown:
        _count, key = shown.pop(0)
        hidden.add(key)
    return hidden


def total_hidden(counts: Mapping, threshold: int) -> bool:
    """True when the total of a breakdown must be hidden: it has fewer than ``threshold``
    answers. (With at least ``threshold``, ``suppressed`` can always hide enough cells: at
    worst all of them, which together hold the total.)"""
    return sum(counts.values()) < threshold
