"""Linear programs for the disclosure audit, solved by HiGHS (the solver SciPy's linprog also uses).

Called directly rather than through scipy.optimize.linprog: the audit solves thousands of small
programs over the same constraints with different objectives, and HiGHS re-solves those from the
previous basis in a fraction of a millisecond, where each linprog call starts from scratch.
"""

from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

INF = highspy.kHighsInf


@dataclass
class Solution:
    status: str  # "optimal", "unbounded" or "failed"
    x: np.ndarray | None = None
    objective: float | None = None


class Program:
    """minimise cost·x subject to lower_rows <= A x <= upper_rows and lower <= x <= upper."""

    def __init__(self, matrix, row_lower, row_upper, lower, upper, cost=None):
        matrix = sparse.csc_matrix(matrix)
        rows, cols = matrix.shape
        self.cols = cols
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = cols, rows
        lp.col_cost_ = np.zeros(cols) if cost is None else np.asarray(cost, dtype=float)
        lp.col_lower_ = _finite(lower)
        lp.col_upper_ = _finite(upper)
        lp.row_lower_ = _finite(row_lower)
        lp.row_upper_ = _finite(row_upper)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data.astype(float)
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = cols, rows
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("presolve", "off")  # small programs, solved many times
        # Primal simplex: after a change of objective the last basis stays feasible (warm start).
        self.highs.setOptionValue("simplex_strategy", 4)
        self.highs.passModel(lp)
        self._all = np.arange(cols, dtype=np.int32)

    def solve(self, cost=None) -> Solution:
        if cost is not None:
            self.highs.changeColsCost(self.cols, self._all, np.asarray(cost, dtype=float))
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            x = np.array(self.highs.getSolution().col_value)
            return Solution("optimal", x, self.highs.getInfo().objective_function_value)
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return Solution("unbounded")
        return Solution(f"failed: {status}")


def _finite(values) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return np.where(np.isposinf(values), INF, np.where(np.isneginf(values), -INF, values))
