"""The statistics and the disclosure control, on their own (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stemme.survey.disclosure import mean_interval, suppressed, total_hidden, wilson


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I,
        # method 3 (Wilson score, no continuity correction), to the 4 decimals it gives.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_the_published_values(successes, n, low, high):
    got_low, got_high = wilson(successes, n)
    assert got_low == pytest.approx(low, abs=6e-5)
    assert got_high == pytest.approx(high, abs=6e-5)


def test_wilson_refuses_impossible_counts():
    with pytest.raises(ValueError, match="n must be positive"):
        wilson(1, 0)
    with pytest.raises(ValueError, match="between 0 and n"):
        wilson(4, 3)


def test_mean_interval():
    mean, low, high = mean_interval([50, 50, 50])
    assert (mean, low, high) == (50, 50, 50)
    mean, low, high = mean_interval([0, 100])
    assert mean == 50
    assert low < 50 < high
    assert mean_interval([70]) == (70, 70, 70)


def test_a_small_cell_is_hidden_with_a_complement():
    # B alone is under 5; hiding only B would let B = total - A - C. The smallest other goes too.
    assert suppressed({"A": 30, "B": 2, "C": 8}, 5) == {"B", "C"}


def test_two_small_cells_that_together_are_too_few_take_a_third():
    assert suppressed({"A": 30, "B": 1, "C": 2, "D": 9}, 5) == {"B", "C", "D"}


def test_nothing_is_hidden_when_every_cell_is_large_enough():
    assert suppressed({"A": 5, "B": 6}, 5) == set()
    # An empty cell says nothing about anyone.
    assert suppressed({"A": 7, "B": 0}, 5) == set()


def test_without_a_shown_total_the_small_cells_alone_are_hidden():
    assert suppressed({"A": 30, "B": 2}, 5, total_shown=False) == {"B"}


def test_a_total_under_the_threshold_is_hidden():
    assert total_hidden({"A": 2, "B": 2}, 5)
    assert not total_hidden({"A": 2, "B": 3}, 5)


@given(
    counts=st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(0, 40), min_size=1),
    threshold=st.integers(3, 10),
)
def test_no_hidden_cell_can_be_recovered_from_the_total(counts, threshold):
    hidden = suppressed(counts, threshold)
    shown = {key: count for key, count in counts.items() if key not in hidden}
    # No shown cell is small.
    assert all(count == 0 or count >= threshold for count in shown.values())
    if hidden and not total_hidden(counts, threshold):
        # What the total minus the shown cells gives is a sum of at least two cells, together
        # at least the threshold: no single small cell can be worked out.
        assert len(hidden) >= 2
        assert sum(counts[key] for key in hidden) >= threshold
