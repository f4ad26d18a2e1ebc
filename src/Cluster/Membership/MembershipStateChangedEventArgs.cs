namespace PoseCluster.Cluster.Membership;

/// <summary>A membership state change.</summary>
public sealed class MembershipStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public MembershipStateChangedEventArgs(MembershipState previous, MembershipState state, Guid siloId, string reason)
    {
        Previous = previous;
        State = state;
        SiloId = siloId;
        Reason = reason;
    }

    /// <summary>The previous state.</summary>
    public MembershipState Previous { get; }

    /// <summary>The new state.</summary>
    public MembershipState State { get; }

    /// <summary>The silo incarnation the new state applies to (changes when the node rejoins after being declared dead).</summary>
    public Guid SiloId { get; }

    /// <summary>Why, for logs.</summary>
    public string Reason { get; }
}
