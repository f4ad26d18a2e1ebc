namespace PoseCluster.Pose.Site;

/// <summary>Options of <see cref="PostureClassifier"/>.</summary>
public sealed class PostureClassifierOptions
{
    /// <summary>Keypoints scored above this are used. Default 0.3.</summary>
    public float MinimumKeypointScore { get; set; } = 0.3f;

    /// <summary>A torso (mid-hip to mid-shoulder) tilted more than this from the image vertical means lying. Default 60 degrees.</summary>
    public double LyingTorsoAngleDegrees { get; set; } = 60;

    /// <summary>
    /// A torso shorter than this fraction of the shoulder width is lying along the line of sight (an upright torso is
    /// about 1.4 shoulder widths long). Default 0.6.
    /// </summary>
    public double LyingTorsoToShoulderRatio { get; set; } = 0.6;

    /// <summary>
    /// With an upright torso: the thighs' vertical extent (mid-hip to mid-knee, in image y) over the torso length. Above
    /// this is standing, below is sitting (a seated thigh is horizontal, or points at the camera and looks short). Default 0.45.
    /// </summary>
    public double StandingThighRatio { get; set; } = 0.45;

    /// <summary>Without knees: the legs' vertical extent (mid-hip to mid-ankle) over the torso length; above is standing. Default 1.1.</summary>
    public double StandingLegRatio { get; set; } = 1.1;

    /// <summary>Without a usable torso: a box wider than tall by this factor is lying, taller than wide by <see cref="StandingBoxAspect"/> is standing. Default 1.2.</summary>
    public double LyingBoxAspect { get; set; } = 1.2;

    /// <summary>See <see cref="LyingBoxAspect"/>. Default 1.8.</summary>
    public double StandingBoxAspect { get; set; } = 1.8;

    /// <summary>Smoothing: weight of the newest frame's vote in the per-track posture scores (0..1]. Default 0.3 (about 3 frames to switch).</summary>
    public double Smoothing { get; set; } = 0.3;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(LyingTorsoAngleDegrees > 0 && LyingTorsoAngleDegrees < 90))
        {
            throw new ArgumentException($"{nameof(LyingTorsoAngleDegrees)} must be in (0, 90) (got {LyingTorsoAngleDegrees}).");
        }

        if (!(StandingThighRatio > 0) || !(LyingTorsoToShoulderRatio >= 0) || !(StandingLegRatio > 0) || !(LyingBoxAspect > 0) || !(StandingBoxAspect > 0))
        {
            throw new ArgumentException("Posture ratios must be positive.");
        }

        if (!(Smoothing > 0 && Smoothing <= 1))
        {
            throw new ArgumentException($"{nameof(Smoothing)} must be in (0, 1] (got {Smoothing}).");
        }
    }
}
