namespace PoseCluster.Pose.Assignment;

/// <summary>
/// Minimum-cost matching in which a pair may be matched only when its cost is below a limit, and leaving a row or a
/// column unmatched costs half the limit (lapjv's <c>cost_limit</c>, which ByteTrack's <c>linear_assignment</c> uses).
/// Unlike solving the plain assignment and dropping the pairs over the limit afterwards, this never gives up a good pair
/// to make room for a pair that is then dropped. Solved with <see cref="HungarianMatcher"/> on the matrix extended by
/// one dummy per row and per column; scratch is held by the instance, so steady-state use allocates nothing. One
/// instance per thread.
/// </summary>
public sealed class CostLimitedAssignment
{
    private readonly HungarianMatcher _matcher = new();
    private double[] _extended = new double[256];
    private int[] _columnOfExtendedRow = new int[16];

    /// <summary>
    /// Matches the rows and columns of the row-major <paramref name="rows"/> x <paramref name="columns"/>
    /// <paramref name="cost"/> matrix: writes each row's column, or -1 when the row stays unmatched, to
    /// <paramref name="columnOfRow"/>, and returns the number of matched pairs. Costs that are not finite, or not below
    /// <paramref name="costLimit"/>, are never matched.
    /// </summary>
    public int Solve(ReadOnlySpan<double> cost, int rows, int columns, double costLimit, Span<int> columnOfRow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (!(costLimit > 0) || !double.IsFinite(costLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(costLimit), costLimit, "The cost limit must be positive and finite.");
        }

        if (cost.Length < rows * columns || columnOfRow.Length < rows)
        {
            throw new ArgumentException("The cost matrix or the result span is too small.");
        }

        columnOfRow[..rows].Fill(-1);
        if (rows == 0 || columns == 0)
        {
            return 0;
        }

        // [C  D] with C the real costs (blocked pairs cost more than two unmatched ends), D and E all limit / 2 (an
        // [E  0] unmatched row or column), and 0 where a dummy row meets a dummy column.
        var n = rows + columns;
        Ensure(n);
        var extended = _extended.AsSpan(0, n * n);
        var half = costLimit / 2;
        var blocked = costLimit * 4;
        for (var r = 0; r < n; r++)
        {
            var row = extended.Slice(r * n, n);
            if (r < rows)
            {
                for (var c = 0; c < columns; c++)
                {
                    var value = cost[(r * columns) + c];
                    row[c] = double.IsFinite(value) && value < costLimit ? value : blocked;
                }

                row[columns..].Fill(half);
            }
            else
            {
                row[..columns].Fill(half);
                row[columns..].Clear();
            }
        }

        var result = _columnOfExtendedRow.AsSpan(0, n);
        _matcher.Solve(extended, n, n, result);
        var matched = 0;
        for (var r = 0; r < rows; r++)
        {
            var c = result[r];
            if (c >= 0 && c < columns && extended[(r * n) + c] < costLimit)
            {
                columnOfRow[r] = c;
                matched++;
            }
        }

        return matched;
    }

    private void Ensure(int n)
    {
        if (_extended.Length < n * n)
        {
            _extended = new double[Math.Max(n * n, _extended.Length * 2)];
        }

        if (_columnOfExtendedRow.Length < n)
        {
            _columnOfExtendedRow = new int[Math.Max(n, _columnOfExtendedRow.Length * 2)];
        }
    }
}
