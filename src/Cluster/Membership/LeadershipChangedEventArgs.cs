namespace PoseCluster.Cluster.Membership;

/// <summary>This silo gained or lost the placement-director leadership.</summary>
public sealed class LeadershipChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public LeadershipChangedEventArgs(bool isLeader, long term, string reason)
    {
        IsLeader = isLeader;
        Term = term;
        Reason = reason;
    }

    /// <summary>Whether this silo now leads.</summary>
    public bool IsLeader { get; }

    /// <summary>The leadership term gained or lost.</summary>
    public long Term { get; }

    /// <summary>Why, for logs.</summary>
    public string Reason { get; }
}
