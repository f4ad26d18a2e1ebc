using PoseCluster.Pose.Assignment;

namespace PoseCluster.Pose.Tests.Tracking;

/// <summary>Cost-limited matching never trades a good pair for one over the limit.</summary>
public sealed class CostLimitedAssignmentTests
{
    [Fact]
    public void Keeps_the_good_pair_that_a_forced_full_assignment_would_give_up()
    {
        // Rows A, B; columns x, y. A-x 0.1, B-x 0.05, A-y 0.95 (over the limit), B-y blocked. A full assignment would pick
        // A-y + B-x (1.0) and then drop A-y; with the limit the best is B-x alone or A-x alone: B-x (cheaper).
        double[] cost = [0.1, 0.95, 0.05, double.PositiveInfinity];
        var result = new int[2];
        var matched = new CostLimitedAssignment().Solve(cost, 2, 2, 0.8, result);
        Assert.Equal(1, matched);
        Assert.Equal([-1, 0], result);
    }

    [Fact]
    public void Matches_everything_under_the_limit_optimally()
    {
        double[] cost = [0.2, 0.1, 0.5, 0.1, 0.3, 0.6];
        var result = new int[2];
        Assert.Equal(2, new CostLimitedAssignment().Solve(cost, 2, 3, 0.8, result));
        Assert.Equal([1, 0], result);
    }

    [Fact]
    public void Nothing_under_the_limit_matches_nothing()
    {
        double[] cost = [0.9, 0.95];
        var result = new int[1];
        Assert.Equal(0, new CostLimitedAssignment().Solve(cost, 1, 2, 0.8, result));
        Assert.Equal(-1, result[0]);
    }
}
