namespace PoseCluster.Cluster.Membership;

/// <summary>
/// This process's membership as the grain runtime needs it: who we are, whether grains may run, and a place to
/// report load. Implemented by <see cref="MembershipAgent"/>.
/// </summary>
public interface ISiloMembership
{
    /// <summary>The current silo incarnation id (<see cref="Guid.Empty"/> before registration).</summary>
    Guid SiloId { get; }

    /// <summary>The node name.</summary>
    string NodeName { get; }

    /// <summary>The current state.</summary>
    MembershipState State { get; }

    /// <summary>Raised on every state change; handlers run synchronously and must be quick.</summary>
    event EventHandler<MembershipStateChangedEventArgs>? StateChanged;

    /// <summary>Records load figures sent with the next heartbeat.</summary>
    void ReportLoad(SiloLoadReport load);
}
