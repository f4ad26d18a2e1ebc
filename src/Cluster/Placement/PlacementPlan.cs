namespace PoseCluster.Cluster.Placement;

/// <summary>The changes one placement round wants, and the load each live silo will carry afterwards.</summary>
public sealed class PlacementPlan
{
    /// <summary>Creates a plan.</summary>
    public PlacementPlan(IReadOnlyList<PlacementDecision> decisions, IReadOnlyDictionary<Guid, double> projectedLoad, bool truncated)
    {
        Decisions = decisions;
        ProjectedLoad = projectedLoad;
        Truncated = truncated;
    }

    /// <summary>All decisions, in the order they are applied.</summary>
    public IReadOnlyList<PlacementDecision> Decisions { get; }

    /// <summary>Work units per second per active silo after the plan.</summary>
    public IReadOnlyDictionary<Guid, double> ProjectedLoad { get; }

    /// <summary>True when balancing stopped at the per-round move limit and more moves may follow next round.</summary>
    public bool Truncated { get; }

    /// <summary>True when nothing changes.</summary>
    public bool IsEmpty => Decisions.Count == 0;

    /// <summary>Balancing moves between live silos.</summary>
    public IEnumerable<PlacementDecision> Moves => Decisions.Where(d => d.Action == PlacementAction.Move);

    /// <summary>New placements and reassignments.</summary>
    public IEnumerable<PlacementDecision> Placements =>
        Decisions.Where(d => d.Action is PlacementAction.Place or PlacementAction.Reassign);

    /// <summary>Grains left unplaced, with their reason.</summary>
    public IEnumerable<PlacementDecision> Unplaced => Decisions.Where(d => d.Action == PlacementAction.Unplace);

    /// <summary>Assignments removed.</summary>
    public IEnumerable<PlacementDecision> Removals => Decisions.Where(d => d.Action == PlacementAction.Remove);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Placements.Count()} placed, {Moves.Count()} moved, {Unplaced.Count()} unplaced, {Removals.Count()} removed";
}
