using PoseCluster.Cluster.Grains;

namespace PoseCluster.Cluster.Placement;

/// <summary>
/// Where a grain runs. <see cref="Epoch"/> comes from one global sequence and changes on every reassignment: it is
/// the fencing token a silo must hold to run the grain and to write its results.
/// </summary>
/// <param name="Grain">The grain.</param>
/// <param name="SiloId">The silo that runs it; null when it could not be placed.</param>
/// <param name="Epoch">Fencing token.</param>
/// <param name="AssignedAt">When this epoch was assigned (database clock).</param>
/// <param name="UnplacedReason">Why it is not placed, when <paramref name="SiloId"/> is null.</param>
public sealed record GrainAssignment(GrainId Grain, Guid? SiloId, long Epoch, DateTimeOffset AssignedAt, string? UnplacedReason);
