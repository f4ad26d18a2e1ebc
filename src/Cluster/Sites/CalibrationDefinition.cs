namespace PoseCluster.Cluster.Sites;

/// <summary>
/// What an operator gives to calibrate a camera: at least four point pairs, and the homography fitted to them (the
/// caller fits it; the store keeps both so the pairs can be edited later and the fit is not redone on every read).
/// </summary>
public sealed class CalibrationDefinition
{
    /// <summary>The fewest point pairs a homography needs.</summary>
    public const int MinPoints = 4;

    /// <summary>The most point pairs one calibration may hold.</summary>
    public const int MaxPoints = 64;

    /// <summary>The point pairs, in clicking order.</summary>
    public required IReadOnlyList<CalibrationPoint> Points { get; init; }

    /// <summary>The 3x3 homography from normalised image coordinates to floor metres, row-major (9 finite numbers).</summary>
    public required IReadOnlyList<double> ImageToFloor { get; init; }

    /// <summary>Root-mean-square distance in metres between the mapped image points and their floor points.</summary>
    public double ReprojectionErrorMeters { get; init; }

    /// <summary>Throws <see cref="ClusterException"/> (code <see cref="ClusterErrorCode.Invalid"/>) naming the first problem.</summary>
    public void Validate()
    {
        if (Points is null || Points.Count < MinPoints || Points.Count > MaxPoints)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, $"A calibration needs {MinPoints} to {MaxPoints} point pairs (has {Points?.Count ?? 0}).");
        }

        foreach (var p in Points)
        {
            if (!double.IsFinite(p.ImageX) || !double.IsFinite(p.ImageY) || p.ImageX is < 0 or > 1 || p.ImageY is < 0 or > 1)
            {
                throw new ClusterException(ClusterErrorCode.Invalid, "Every calibration image point must lie in the image (coordinates 0..1).");
            }

            if (!double.IsFinite(p.FloorX) || !double.IsFinite(p.FloorY) || Math.Abs(p.FloorX) > 100_000 || Math.Abs(p.FloorY) > 100_000)
            {
                throw new ClusterException(ClusterErrorCode.Invalid, "Every calibration floor point must be a finite position within 100 km of the origin.");
            }
        }

        if (ImageToFloor is null || ImageToFloor.Count != 9 || ImageToFloor.Any(v => !double.IsFinite(v)))
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A calibration's homography must be 9 finite numbers (row-major 3x3).");
        }

        if (!double.IsFinite(ReprojectionErrorMeters) || ReprojectionErrorMeters < 0)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A calibration's reprojection error must be a finite number >= 0.");
        }
    }
}
