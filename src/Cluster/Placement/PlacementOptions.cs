namespace PoseCluster.Cluster.Placement;

/// <summary>How the placement director balances grains.</summary>
public sealed class PlacementOptions
{
    /// <summary>
    /// Allowed spread of utilisation (load / capacity) between the most and least loaded silo before grains are
    /// moved to balance. Default 0.2 (20 percentage points).
    /// </summary>
    public double ImbalanceTolerance { get; set; } = 0.2;

    /// <summary>Most balancing moves per round (reassignments of dead/leaving silos' grains are not limited). Default 8.</summary>
    public int MaxMovesPerRound { get; set; } = 8;

    /// <summary>How often the leader runs a round even without notifications (death detection). Default 500 ms.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Work units per second a site grain costs. Default 1.</summary>
    public double SiteCost { get; set; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!double.IsFinite(ImbalanceTolerance) || ImbalanceTolerance < 0)
        {
            throw new ArgumentException($"{nameof(ImbalanceTolerance)} must be zero or positive (was {ImbalanceTolerance}).");
        }

        if (MaxMovesPerRound < 0)
        {
            throw new ArgumentException($"{nameof(MaxMovesPerRound)} must be zero or positive (was {MaxMovesPerRound}).");
        }

        if (TickInterval < TimeSpan.FromMilliseconds(20) || TickInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"{nameof(TickInterval)} must be between 20 ms and 1 min (was {TickInterval.TotalMilliseconds} ms).");
        }

        if (!double.IsFinite(SiteCost) || SiteCost < 0)
        {
            throw new ArgumentException($"{nameof(SiteCost)} must be zero or positive (was {SiteCost}).");
        }
    }
}
