"""The memory-saving paths of the importers give what the plain column-wise code gave (issue 20)."""

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis import points
from geo.importers.acled import join
from geo.importers.base import cells
from geo.importers.common import dates, numbers, per_distinct


def test_per_distinct_is_the_row_wise_result():
    a = pd.Series(["x", "y", "x", "", "y", "x"], dtype="str", index=[7, 3, 5, 1, 0, 2])
    b = pd.Series(["1", "2", "1", "3", "", "2"], dtype="str", index=a.index)
    got = per_distinct(lambda p, q: join(p, q, sep=" / "), a, b)
    pd.testing.assert_series_equal(got, join(a, b, sep=" / "))
    empty = per_distinct(lambda p, q: join(p, q, sep=" / "), a.iloc[:0], b.iloc[:0])
    assert len(empty) == 0


def test_numbers_and_dates_per_distinct_cell():
    s = pd.Series([" 1.5", "x", "1.5", "", "inf", "-0", "1.5"], dtype="str")
    expected = pd.to_numeric(s.str.strip(), errors="coerce").astype(float)
    pd.testing.assert_series_equal(numbers(s), expected.where(np.isfinite(expected)))
    d = pd.Series(["2022-03-13", "13 March 2022", "2022-02-30", "2022-03-13", ""], dtype="str")
    got = dates(d, ("%Y-%m-%d", "%d %B %Y"))
    assert got.dtype == "datetime64[s]"
    assert got.isna().tolist() == [False, False, True, False, True]
    assert got[0] == got[1] == got[3] == pd.Timestamp("2022-03-13")


def test_shared_points_equal_points_from_xy():
    lon = np.array([1.0, -0.0, 0.0, 1.0, 2.5, np.nan])
    lat = np.array([2.0, 3.0, 3.0, 2.0, 1.0, np.nan])
    got, want = points(lon, lat), gpd.points_from_xy(lon, lat)
    assert [g.wkb for g in got] == [w.wkb for w in want]  # -0.0 is kept apart from 0.0
    assert got[0] is got[3]
    assert len(points(np.zeros(0), np.zeros(0))) == 0


def test_cells_join_a_rows_values():
    a = pd.Series(["15.9", "x"], dtype="str")
    b = pd.Series(["2.3", ""], dtype="str")
    show = cells(a, b, sep=", ")
    assert [show(0), show(1)] == list(a + ", " + b)
