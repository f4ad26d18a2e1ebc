using PoseCluster.Cluster.Registry;

namespace PoseCluster.AppHost.Local;

/// <summary>What <see cref="CameraRegistration.EnsureAsync"/> did.</summary>
/// <param name="Cameras">The cameras as registered now, in the order asked for.</param>
/// <param name="Added">Cameras that were new.</param>
/// <param name="Updated">Cameras whose source, rate or pipeline changed.</param>
/// <param name="Unchanged">Cameras already registered as asked.</param>
internal sealed record CameraRegistrationResult(IReadOnlyList<CameraRecord> Cameras, int Added, int Updated, int Unchanged);
