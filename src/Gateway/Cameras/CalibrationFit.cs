using PoseCluster.Cluster.Sites;
using PoseCluster.Pose.Geometry;

namespace PoseCluster.Gateway.Cameras;

/// <summary>Fits a camera calibration: the homography of its point pairs (normalised image to floor metres) and its RMS error.</summary>
public static class CalibrationFit
{
    /// <summary>
    /// The calibration of <paramref name="points"/>; throws <see cref="ArgumentException"/> saying why when the pairs
    /// fix no usable map (collinear points, a configuration that fixes no single homography, a map sending an image
    /// point to infinity).
    /// </summary>
    public static CalibrationDefinition Fit(IReadOnlyList<CalibrationPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var pairs = points.Select(p => new PointCorrespondence(new PlanePoint(p.ImageX, p.ImageY), new PlanePoint(p.FloorX, p.FloorY))).ToArray();
        var fit = HomographyEstimator.Estimate(pairs);
        var matrix = new double[9];
        fit.CopyTo(matrix);
        var error = HomographyEstimator.RootMeanSquareError(fit, pairs);
        if (!double.IsFinite(error) || matrix.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("The point pairs give no usable map (an image point maps to infinity).");
        }

        return new CalibrationDefinition { Points = points, ImageToFloor = matrix, ReprojectionErrorMeters = error };
    }
}
