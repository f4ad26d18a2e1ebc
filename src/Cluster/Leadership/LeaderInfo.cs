namespace PoseCluster.Cluster.Leadership;

/// <summary>Who leads placement, as recorded by the last leader.</summary>
/// <param name="SiloId">The leader's silo id.</param>
/// <param name="SiloName">The leader's node name (empty if its row is gone).</param>
/// <param name="Term">Leadership term.</param>
/// <param name="AcquiredAt">When it took over.</param>
/// <param name="IsHeld">Whether the leadership is currently held by anyone (PostgreSQL: the advisory lock is taken).</param>
public sealed record LeaderInfo(Guid SiloId, string SiloName, long Term, DateTimeOffset AcquiredAt, bool IsHeld);
