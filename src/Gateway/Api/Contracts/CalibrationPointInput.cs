namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>One calibration pair: a floor mark's position in the camera image and on the floor plan.</summary>
public sealed class CalibrationPointInput
{
    /// <summary>Where the mark appears in the image, normalised (0..1 from the top-left corner).</summary>
    public PointInput? Image { get; init; }

    /// <summary>Where the mark is on the site's floor plan, in metres.</summary>
    public PointInput? Floor { get; init; }
}
