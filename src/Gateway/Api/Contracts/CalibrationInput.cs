namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A camera calibration to fit: at least four image-to-floor point pairs, no three of them on a line.</summary>
public sealed class CalibrationInput
{
    /// <summary>4 to 64 point pairs, in clicking order.</summary>
    public IReadOnlyList<CalibrationPointInput?>? Points { get; init; }
}
