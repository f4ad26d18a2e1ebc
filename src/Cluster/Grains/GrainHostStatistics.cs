namespace PoseCluster.Cluster.Grains;

/// <summary>Counters of a <see cref="SiloGrainHost"/> since it started.</summary>
/// <param name="Active">Grains running now.</param>
/// <param name="Activations">Successful activations.</param>
/// <param name="Deactivations">Deactivations.</param>
/// <param name="EpochLosses">Activations stopped because their epoch was lost (reassigned, newer epoch, fenced).</param>
/// <param name="ActivationFailures">Activations that threw.</param>
public readonly record struct GrainHostStatistics(int Active, long Activations, long Deactivations, long EpochLosses, long ActivationFailures);
