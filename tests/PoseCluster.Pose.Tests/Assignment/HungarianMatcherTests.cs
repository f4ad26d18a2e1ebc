using PoseCluster.Pose.Assignment;

namespace PoseCluster.Pose.Tests.Assignment;

/// <summary>The Hungarian matcher finds the minimum-cost assignment (checked against brute force).</summary>
public sealed class HungarianMatcherTests
{
    [Fact]
    public void Solves_a_known_matrix()
    {
        // Classic example: optimum 140 = rows -> columns 1, 0, 2.
        double[] cost = [40, 60, 15, 25, 30, 45, 55, 30, 25];
        var result = new int[3];
        var total = new HungarianMatcher().Solve(cost, 3, 3, result);
        Assert.Equal([2, 0, 1], result);
        Assert.Equal(15 + 25 + 30, total);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(5, 5)]
    [InlineData(3, 6)]
    [InlineData(6, 3)]
    [InlineData(7, 7)]
    [InlineData(2, 7)]
    public void Matches_brute_force_on_random_matrices(int rows, int columns)
    {
        var random = new Random((rows * 31) + columns);
        var matcher = new HungarianMatcher();
        var result = new int[rows];
        for (var trial = 0; trial < 50; trial++)
        {
            var cost = new double[rows * columns];
            for (var i = 0; i < cost.Length; i++)
            {
                // Small integers make ties frequent; negative values occur in the AE cost.
                cost[i] = random.Next(-5, 20);
            }

            var total = matcher.Solve(cost, rows, columns, result);
            var best = BruteForce(cost, rows, columns);
            Assert.Equal(best, total, 9);

            // A valid assignment: distinct columns, min(rows, columns) pairs, and its cost is the reported total.
            var assigned = result.Where(c => c >= 0).ToArray();
            Assert.Equal(Math.Min(rows, columns), assigned.Length);
            Assert.Equal(assigned.Length, assigned.Distinct().Count());
            Assert.Equal(total, Enumerable.Range(0, rows).Where(r => result[r] >= 0).Sum(r => cost[(r * columns) + result[r]]), 9);
        }
    }

    [Fact]
    public void Padded_columns_take_the_rows_that_fit_nowhere()
    {
        // 3 candidates, 2 persons, padded with 1e10 as the AE grouping does: the worst row goes to the padding.
        double[] cost = [-0.9, 99.2, 1e10, 99.1, -0.8, 1e10, 199.0, 299.0, 1e10];
        var result = new int[3];
        new HungarianMatcher().Solve(cost, 3, 3, result);
        Assert.Equal([0, 1, 2], result);
    }

    private static double BruteForce(double[] cost, int rows, int columns)
    {
        var best = double.PositiveInfinity;
        var used = new bool[Math.Max(rows, columns)];
        void Recurse(int row, int pairs, double sum)
        {
            if (row == rows)
            {
                if (pairs == Math.Min(rows, columns))
                {
                    best = Math.Min(best, sum);
                }

                return;
            }

            if (rows - row > columns - pairs)
            {
                Recurse(row + 1, pairs, sum); // this row stays unassigned (only when rows > columns)
            }

            for (var c = 0; c < columns; c++)
            {
                if (!used[c])
                {
                    used[c] = true;
                    Recurse(row + 1, pairs + 1, sum + cost[(row * columns) + c]);
                    used[c] = false;
                }
            }
        }

        Recurse(0, 0, 0);
        return best;
    }
}
