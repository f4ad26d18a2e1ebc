using PoseCluster.Cluster.Leadership;

namespace PoseCluster.Cluster.Placement;

/// <summary>The leader wrote a plan.</summary>
public sealed class PlacementAppliedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public PlacementAppliedEventArgs(PlacementPlan plan, PlanWriteResult result, long term)
    {
        Plan = plan;
        Result = result;
        Term = term;
    }

    /// <summary>The plan.</summary>
    public PlacementPlan Plan { get; }

    /// <summary>What the write did.</summary>
    public PlanWriteResult Result { get; }

    /// <summary>The leadership term that wrote it.</summary>
    public long Term { get; }
}
