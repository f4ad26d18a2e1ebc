namespace PoseCluster.Cluster.Membership;

/// <summary>The answer to a heartbeat.</summary>
/// <param name="IsMember">False once the silo was declared dead or left: it must stop all its grains.</param>
/// <param name="Status">The silo's status in the store (<see cref="SiloStatus.Dead"/> when the row is gone).</param>
public readonly record struct HeartbeatResult(bool IsMember, SiloStatus Status);
