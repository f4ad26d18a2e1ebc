namespace PoseCluster.Pose.Site;

/// <summary>
/// Standing, sitting or lying from 2D keypoint geometry: the torso's tilt from the image vertical (lying when nearly
/// horizontal), then, with an upright torso, how far the knees (or ankles) reach below the hips relative to the torso
/// length (a seated thigh is horizontal or foreshortened), and the box aspect when the torso is not seen. Per track,
/// votes are smoothed exponentially so that one bad frame does not flip the posture. One instance per camera; not thread-safe.
/// </summary>
public sealed class PostureClassifier
{
    private readonly PostureClassifierOptions _options;
    private readonly Dictionary<long, Scores> _tracks = new(64);
    private readonly List<long> _stale = new(16);
    private readonly double _lyingTangent;

    /// <summary>Creates a classifier with <paramref name="options"/>.</summary>
    public PostureClassifier(PostureClassifierOptions? options = null)
    {
        _options = options ?? new PostureClassifierOptions();
        _options.Validate();
        _lyingTangent = Math.Tan(_options.LyingTorsoAngleDegrees * Math.PI / 180);
    }

    /// <summary>The posture of one pose, from this frame alone.</summary>
    public Posture Classify(in PersonPose pose)
    {
        var o = _options;
        var hasShoulders = Mid(pose, CocoKeypoints.LeftShoulder, CocoKeypoints.RightShoulder, out var sx, out var sy);
        var hasHips = Mid(pose, CocoKeypoints.LeftHip, CocoKeypoints.RightHip, out var hx, out var hy);
        var boxW = pose.Box.Width;
        var boxH = pose.Box.Height;

        // A body lying along the line of sight keeps an upright-looking but short torso; its box gives it away.
        if (boxW > 0 && boxH > 0 && boxW >= o.LyingBoxAspect * boxH)
        {
            return Posture.Lying;
        }

        if (hasShoulders && hasHips)
        {
            var tx = sx - hx;
            var ty = hy - sy; // up is positive
            var torso = Math.Sqrt((tx * tx) + (ty * ty));
            if (torso > 1e-3)
            {
                // Lying: the torso is closer to horizontal than the threshold (or points down).
                if (ty <= 0 || Math.Abs(tx) > _lyingTangent * ty)
                {
                    return Posture.Lying;
                }

                // Lying along the line of sight: the torso looks upright but far shorter than the shoulders are wide.
                var (ls, rs) = (pose.Keypoints[CocoKeypoints.LeftShoulder], pose.Keypoints[CocoKeypoints.RightShoulder]);
                if (ls.Score > o.MinimumKeypointScore && rs.Score > o.MinimumKeypointScore)
                {
                    var shoulders = Math.Sqrt(((ls.X - rs.X) * (ls.X - rs.X)) + ((ls.Y - rs.Y) * (ls.Y - rs.Y)));
                    if (torso < o.LyingTorsoToShoulderRatio * shoulders)
                    {
                        return Posture.Lying;
                    }
                }

                if (Mid(pose, CocoKeypoints.LeftKnee, CocoKeypoints.RightKnee, out _, out var ky))
                {
                    return (ky - hy) / torso >= o.StandingThighRatio ? Posture.Standing : Posture.Sitting;
                }

                if (Mid(pose, CocoKeypoints.LeftAnkle, CocoKeypoints.RightAnkle, out _, out var ay))
                {
                    return (ay - hy) / torso >= o.StandingLegRatio ? Posture.Standing : Posture.Sitting;
                }
            }
        }

        if (boxW > 0 && boxH >= o.StandingBoxAspect * boxW)
        {
            return Posture.Standing;
        }

        return Posture.Unknown;
    }

    /// <summary>
    /// The smoothed posture of track <paramref name="trackKey"/> after this frame's <paramref name="pose"/> (an unknown
    /// frame leaves the scores as they are); <paramref name="frameNumber"/> lets <see cref="ForgetOlderThan"/> drop ended tracks.
    /// </summary>
    public Posture Update(long trackKey, in PersonPose pose, long frameNumber)
    {
        var vote = Classify(pose);
        ref var s = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_tracks, trackKey, out var existed);
        if (!existed)
        {
            s = default;
        }

        s.LastFrame = frameNumber;
        if (vote != Posture.Unknown)
        {
            var a = existed && s.Current != Posture.Unknown ? _options.Smoothing : 1.0;
            s.Standing += a * ((vote == Posture.Standing ? 1 : 0) - s.Standing);
            s.Sitting += a * ((vote == Posture.Sitting ? 1 : 0) - s.Sitting);
            s.Lying += a * ((vote == Posture.Lying ? 1 : 0) - s.Lying);

            // Switch only on a majority, so the posture holds while the votes are split.
            if (s.Standing > 0.5)
            {
                s.Current = Posture.Standing;
            }
            else if (s.Sitting > 0.5)
            {
                s.Current = Posture.Sitting;
            }
            else if (s.Lying > 0.5)
            {
                s.Current = Posture.Lying;
            }
        }

        return s.Current;
    }

    /// <summary>Forgets the tracks not updated since <paramref name="frameNumber"/>.</summary>
    public void ForgetOlderThan(long frameNumber)
    {
        _stale.Clear();
        foreach (var (key, s) in _tracks)
        {
            if (s.LastFrame < frameNumber)
            {
                _stale.Add(key);
            }
        }

        foreach (var key in _stale)
        {
            _tracks.Remove(key);
        }
    }

    private bool Mid(in PersonPose pose, int a, int b, out double x, out double y)
    {
        var pa = pose.Keypoints[a];
        var pb = pose.Keypoints[b];
        var t = _options.MinimumKeypointScore;
        (x, y) = (pa.Score > t, pb.Score > t) switch
        {
            (true, true) => ((pa.X + pb.X) * 0.5, (pa.Y + pb.Y) * 0.5),
            (true, false) => (pa.X, pa.Y),
            (false, true) => (pb.X, pb.Y),
            _ => (double.NaN, double.NaN),
        };
        return !double.IsNaN(x);
    }

    private struct Scores
    {
        public double Standing;
        public double Sitting;
        public double Lying;
        public Posture Current;
        public long LastFrame;
    }
}
