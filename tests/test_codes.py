"""geo.codes: rows numbered by their combination of values, in the order the combinations first appear."""

import numpy as np
import pandas as pd

from geo.codes import first_rows, joint_codes


def test_joint_codes_number_combinations_as_a_multiindex_factorize_does():
    rng = np.random.default_rng(4)
    a = pd.Series(rng.choice(["x", "y", None], 300), dtype="object")
    b = rng.integers(0, 5, 300)
    got = joint_codes((a, b), 300)
    want = pd.factorize(pd.MultiIndex.from_arrays([a.fillna("<missing>"), b]))[0]
    assert np.array_equal(got, want)  # a missing value is a value like any other
    assert joint_codes((), 3).tolist() == [0, 0, 0] and len(joint_codes((np.zeros(0),), 0)) == 0


def test_first_rows_gives_the_first_row_of_each_code():
    codes = np.array([0, 1, 0, 2, 1, 2, 3])
    assert first_rows(codes).tolist() == [0, 1, 3, 6]
    assert len(first_rows(np.zeros(0, dtype=np.int64))) == 0
