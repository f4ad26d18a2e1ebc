using PoseCluster.Cluster.Grains;

namespace PoseCluster.Cluster.Placement;

/// <summary>One change of a <see cref="PlacementPlan"/>.</summary>
/// <param name="Grain">The grain.</param>
/// <param name="Action">What to do.</param>
/// <param name="FromSilo">Current silo (null when none).</param>
/// <param name="ExpectedEpoch">Current epoch, checked when the plan is written (null: no assignment exists).</param>
/// <param name="ToSilo">New silo (null for <see cref="PlacementAction.Unplace"/> and <see cref="PlacementAction.Remove"/>).</param>
/// <param name="UnplacedReason">Why it cannot be placed.</param>
/// <param name="Cost">Work units per second the grain costs.</param>
/// <param name="Why">Short explanation for logs.</param>
public sealed record PlacementDecision(
    GrainId Grain,
    PlacementAction Action,
    Guid? FromSilo,
    long? ExpectedEpoch,
    Guid? ToSilo,
    string? UnplacedReason,
    double Cost,
    string Why);
