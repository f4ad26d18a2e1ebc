namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>One stored calibration pair.</summary>
/// <param name="Image">Normalised image position (0..1).</param>
/// <param name="Floor">Floor-plan position in metres.</param>
public sealed record CalibrationPointView(PointView Image, PointView Floor);
