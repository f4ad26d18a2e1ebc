namespace PoseCluster.Cluster.Membership;

/// <summary>Where a <see cref="MembershipAgent"/> stands.</summary>
public enum MembershipState
{
    /// <summary>Not started yet.</summary>
    Starting,

    /// <summary>A member holding its assignments: grains may run.</summary>
    Active,

    /// <summary>
    /// Self-fenced: it could not heartbeat for (almost) its death window, or was declared dead. Every local grain must
    /// stop now, before the cluster hands them to another silo.
    /// </summary>
    Fenced,

    /// <summary>Draining: grains still run until the director moves them away.</summary>
    Leaving,

    /// <summary>Left the cluster gracefully.</summary>
    Left,

    /// <summary>Stopped without leaving (disposed); the cluster will declare it dead.</summary>
    Abandoned,
}
