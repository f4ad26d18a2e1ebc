namespace PoseCluster.Pose.BottomUp;

/// <summary>
/// Minimum-cost assignment (the Hungarian method in its shortest-augmenting-path form, Jonker-Volgenant style with
/// row and column potentials): O(rows^2 x cols) for rows &lt;= cols, every row gets a distinct column. A matrix with
/// more rows than columns is solved transposed, so then every column gets a distinct row and the remaining rows get -1.
/// Scratch arrays are held by the instance and grow to the largest problem seen: no allocation in steady state. One
/// instance per thread.
/// </summary>
public sealed class HungarianMatcher
{
    private double[] _u = new double[32];
    private double[] _v = new double[32];
    private double[] _minimum = new double[32];
    private int[] _match = new int[32];
    private int[] _way = new int[32];
    private bool[] _used = new bool[32];
    private int[] _transposedResult = new int[32];

    /// <summary>
    /// Solves the assignment for the row-major <paramref name="rows"/> x <paramref name="columns"/> matrix
    /// <paramref name="cost"/>; writes each row's column (or -1) to <paramref name="columnOfRow"/> and returns the total
    /// cost of the assignment.
    /// </summary>
    public double Solve(ReadOnlySpan<double> cost, int rows, int columns, Span<int> columnOfRow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (cost.Length < rows * columns || columnOfRow.Length < rows)
        {
            throw new ArgumentException("The cost matrix or the result span is too small.");
        }

        columnOfRow[..rows].Fill(-1);
        if (rows == 0 || columns == 0)
        {
            return 0;
        }

        if (rows <= columns)
        {
            return SolveWide(cost, rows, columns, transposed: false, columnOfRow);
        }

        // More rows than columns: assign every column a row on the transposed problem.
        Ensure(rows + 1);
        var rowOfColumn = _transposedResult.AsSpan(0, columns);
        var total = SolveWide(cost, columns, rows, transposed: true, rowOfColumn);
        for (var c = 0; c < columns; c++)
        {
            columnOfRow[rowOfColumn[c]] = c;
        }

        return total;
    }

    /// <summary>n &lt;= m; element (i, j) of the (possibly transposed) matrix; potentials are 1-based as in the classic formulation.</summary>
    private double SolveWide(ReadOnlySpan<double> cost, int n, int m, bool transposed, Span<int> result)
    {
        Ensure(m + 1);
        var u = _u.AsSpan(0, n + 1);
        var v = _v.AsSpan(0, m + 1);
        var match = _match.AsSpan(0, m + 1); // match[j] = row (1-based) assigned to column j; 0 = none
        var way = _way.AsSpan(0, m + 1);
        var minimum = _minimum.AsSpan(0, m + 1);
        var used = _used.AsSpan(0, m + 1);
        u.Clear();
        v.Clear();
        match.Clear();
        way.Clear();
        var width = transposed ? n : m;

        for (var i = 1; i <= n; i++)
        {
            match[0] = i;
            var j0 = 0;
            minimum.Fill(double.PositiveInfinity);
            used.Clear();
            do
            {
                used[j0] = true;
                var i0 = match[j0];
                var delta = double.PositiveInfinity;
                var j1 = 0;
                for (var j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var c = transposed ? cost[((j - 1) * width) + (i0 - 1)] : cost[((i0 - 1) * width) + (j - 1)];
                    var reduced = c - u[i0] - v[j];
                    if (reduced < minimum[j])
                    {
                        minimum[j] = reduced;
                        way[j] = j0;
                    }

                    if (minimum[j] < delta)
                    {
                        delta = minimum[j];
                        j1 = j;
                    }
                }

                for (var j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[match[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minimum[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (match[j0] != 0);

            // Augment along the alternating path.
            do
            {
                var j1 = way[j0];
                match[j0] = match[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var total = 0.0;
        for (var j = 1; j <= m; j++)
        {
            if (match[j] != 0)
            {
                var row = match[j] - 1;
                result[row] = j - 1;
                total += transposed ? cost[((j - 1) * width) + row] : cost[(row * width) + (j - 1)];
            }
        }

        return total;
    }

    private void Ensure(int size)
    {
        if (_u.Length >= size)
        {
            return;
        }

        var n = Math.Max(size, _u.Length * 2);
        _u = new double[n];
        _v = new double[n];
        _minimum = new double[n];
        _match = new int[n];
        _way = new int[n];
        _used = new bool[n];
        _transposedResult = new int[n];
    }
}
