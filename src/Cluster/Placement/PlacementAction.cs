namespace PoseCluster.Cluster.Placement;

/// <summary>What a placement decision does.</summary>
public enum PlacementAction
{
    /// <summary>First placement of a grain that had no assignment.</summary>
    Place,

    /// <summary>Moves a grain off a dead, leaving or no-longer-eligible silo, or places a previously unplaced one.</summary>
    Reassign,

    /// <summary>Moves a grain between two live silos to balance load.</summary>
    Move,

    /// <summary>Records that the grain cannot be placed (silo null, with a reason).</summary>
    Unplace,

    /// <summary>Deletes the assignment of a grain that should no longer run (camera deleted or disabled).</summary>
    Remove,
}
