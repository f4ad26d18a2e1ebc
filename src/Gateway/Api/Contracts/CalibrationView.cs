namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A camera's calibration: its point pairs and the homography fitted to them.</summary>
/// <param name="Camera">Camera id.</param>
/// <param name="Points">The point pairs, in clicking order.</param>
/// <param name="ImageToFloor">Row-major 3x3 homography from normalised image coordinates to floor metres.</param>
/// <param name="ReprojectionErrorM">Root-mean-square distance in metres between the mapped image points and their floor points.</param>
/// <param name="UpdatedAt">When it was last set.</param>
public sealed record CalibrationView(Guid Camera, IReadOnlyList<CalibrationPointView> Points, IReadOnlyList<double> ImageToFloor, double ReprojectionErrorM, DateTimeOffset UpdatedAt);
