namespace PoseCluster.Cluster.Sites;

/// <summary>
/// One calibration point pair: where a floor mark appears in a camera's image (normalised 0..1, like zone points, so
/// the calibration survives a change of resolution) and where it is on the site's floor plan (metres).
/// </summary>
/// <param name="ImageX">Horizontal image position, 0 (left) .. 1 (right).</param>
/// <param name="ImageY">Vertical image position, 0 (top) .. 1 (bottom).</param>
/// <param name="FloorX">Floor-plan x in metres.</param>
/// <param name="FloorY">Floor-plan y in metres.</param>
public readonly record struct CalibrationPoint(double ImageX, double ImageY, double FloorX, double FloorY);
