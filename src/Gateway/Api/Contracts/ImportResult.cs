namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>The answer to a bulk import.</summary>
/// <param name="Imported">Cameras registered.</param>
/// <param name="Cameras">The registered cameras.</param>
public sealed record ImportResult(int Imported, IReadOnlyList<CameraView> Cameras);
