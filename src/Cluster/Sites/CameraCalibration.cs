namespace PoseCluster.Cluster.Sites;

/// <summary>A camera's stored calibration (deleting the camera deletes it).</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="Points">The point pairs it was fitted to.</param>
/// <param name="ImageToFloor">Row-major 3x3 homography from normalised image coordinates to floor metres.</param>
/// <param name="ReprojectionErrorMeters">RMS fit error in metres.</param>
/// <param name="UpdatedAt">When it was last set.</param>
public sealed record CameraCalibration(Guid CameraId, IReadOnlyList<CalibrationPoint> Points, IReadOnlyList<double> ImageToFloor, double ReprojectionErrorMeters, DateTimeOffset UpdatedAt);
