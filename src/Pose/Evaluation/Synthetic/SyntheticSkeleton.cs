using PoseCluster.Pose.Geometry;

namespace PoseCluster.Pose.Evaluation.Synthetic;

/// <summary>
/// The 3D COCO-17 joints of a <see cref="SyntheticPerson"/> at a time: a proportioned body (scaled to the person's
/// height) with a walking gait (legs swinging about the hips with knee flexion, arms counter-swinging) while moving,
/// seated and lying postures, a forward fall about the feet between standing and lying, and linear blends otherwise.
/// Also two extra points bound the body: the top of the head and the floor under the feet.
/// </summary>
public static class SyntheticSkeleton
{
    /// <summary>Number of points <see cref="TryPose"/> writes: the 17 COCO joints, then the head top and the floor point.</summary>
    public const int PointCount = CocoKeypoints.Count + 2;

    /// <summary>Index of the head-top point.</summary>
    public const int HeadTop = CocoKeypoints.Count;

    /// <summary>Index of the point on the floor under the feet (the person's ground position while upright).</summary>
    public const int FloorPoint = CocoKeypoints.Count + 1;

    private const double StrideLength = 1.4;

    /// <summary>Writes the person's points at <paramref name="seconds"/> into <paramref name="points"/>; false when absent.</summary>
    public static bool TryPose(SyntheticPerson person, double seconds, Span<WorldPoint> points)
    {
        if (points.Length < PointCount)
        {
            throw new ArgumentException($"The span must hold {PointCount} points.", nameof(points));
        }

        if (!person.TryLocate(seconds, out var ground, out var heading, out var walked, out var moving))
        {
            return false;
        }

        Span<double> body = stackalloc double[PointCount * 3];
        Span<double> other = stackalloc double[PointCount * 3];
        var phase = 2 * Math.PI * walked / StrideLength;
        var (from, to, fraction) = PostureAt(person, seconds);
        BodyPose(from, phase, moving, body);
        if (fraction > 0)
        {
            if (from == SyntheticPosture.Standing && to == SyntheticPosture.Lying)
            {
                // A fall accelerates: the angle grows with the square of the time.
                Rotate(body, Math.PI / 2 * fraction * fraction);
            }
            else if (from == SyntheticPosture.Lying && to == SyntheticPosture.Standing)
            {
                BodyPose(SyntheticPosture.Standing, phase, false, body);
                Rotate(body, Math.PI / 2 * (1 - fraction));
            }
            else
            {
                BodyPose(to, phase, moving, other);
                for (var i = 0; i < body.Length; i++)
                {
                    body[i] += (other[i] - body[i]) * fraction;
                }
            }
        }

        var scale = person.Height / 1.75;
        var (c, s) = (Math.Cos(heading), Math.Sin(heading));
        for (var i = 0; i < PointCount; i++)
        {
            var (f, l, z) = (body[i * 3] * scale, body[(i * 3) + 1] * scale, body[(i * 3) + 2] * scale);
            points[i] = new WorldPoint(ground.X + (f * c) - (l * s), ground.Y + (f * s) + (l * c), z);
        }

        return true;
    }

    /// <summary>The posture held and, during a transition, the one being reached and how far (0..1).</summary>
    private static (SyntheticPosture From, SyntheticPosture To, double Fraction) PostureAt(SyntheticPerson person, double seconds)
    {
        var current = SyntheticPosture.Standing;
        foreach (var key in person.Postures)
        {
            if (seconds >= key.Seconds)
            {
                current = key.Posture;
                continue;
            }

            var start = key.Seconds - key.TransitionSeconds;
            if (seconds > start && key.Posture != current)
            {
                return (current, key.Posture, (seconds - start) / Math.Max(key.TransitionSeconds, 1e-9));
            }

            break;
        }

        return (current, current, 0);
    }

    /// <summary>Body-frame points (forward, left, up) in metres for a 1.75 m person.</summary>
    private static void BodyPose(SyntheticPosture posture, double phase, bool moving, Span<double> p)
    {
        if (posture == SyntheticPosture.Lying)
        {
            BodyPose(SyntheticPosture.Standing, phase, false, p);
            Rotate(p, Math.PI / 2);
            return;
        }

        var sitting = posture == SyntheticPosture.Sitting;
        var hipZ = sitting ? 0.46 : 0.92 + (moving ? 0.015 * Math.Cos(2 * phase) : 0);
        var torsoLean = sitting ? -0.03 : (moving ? 0.03 : 0);
        var shoulderZ = hipZ + 0.52;
        var headZ = shoulderZ + 0.18;
        Set(p, CocoKeypoints.Nose, 0.10 + torsoLean, 0, headZ);
        Set(p, CocoKeypoints.LeftEye, 0.08 + torsoLean, 0.035, headZ + 0.04);
        Set(p, CocoKeypoints.RightEye, 0.08 + torsoLean, -0.035, headZ + 0.04);
        Set(p, CocoKeypoints.LeftEar, torsoLean, 0.075, headZ + 0.01);
        Set(p, CocoKeypoints.RightEar, torsoLean, -0.075, headZ + 0.01);
        Set(p, CocoKeypoints.LeftShoulder, torsoLean, 0.19, shoulderZ);
        Set(p, CocoKeypoints.RightShoulder, torsoLean, -0.19, shoulderZ);
        Set(p, CocoKeypoints.LeftHip, 0, 0.10, hipZ);
        Set(p, CocoKeypoints.RightHip, 0, -0.10, hipZ);
        Set(p, HeadTop, torsoLean + 0.02, 0, headZ + 0.14);
        Set(p, FloorPoint, 0.05, 0, 0);

        var swing = moving ? 0.35 : 0;
        for (var side = 0; side < 2; side++)
        {
            var sign = side == 0 ? 1 : -1;
            var lateral = 0.10 * sign;
            var legPhase = phase + (side == 0 ? 0 : Math.PI);
            if (sitting)
            {
                Set(p, side == 0 ? CocoKeypoints.LeftKnee : CocoKeypoints.RightKnee, 0.44, lateral, hipZ + 0.02);
                Set(p, side == 0 ? CocoKeypoints.LeftAnkle : CocoKeypoints.RightAnkle, 0.49, lateral, 0.05);
                Set(p, side == 0 ? CocoKeypoints.LeftElbow : CocoKeypoints.RightElbow, torsoLean + 0.08, 0.2 * sign, shoulderZ - 0.28);
                Set(p, side == 0 ? CocoKeypoints.LeftWrist : CocoKeypoints.RightWrist, 0.32, 0.13 * sign, hipZ + 0.08);
                continue;
            }

            var thigh = swing * Math.Sin(legPhase);
            var flex = moving ? 0.5 * Math.Max(0, Math.Sin(legPhase + (Math.PI / 2))) : 0;
            var kneeF = 0.44 * Math.Sin(thigh);
            var kneeZ = hipZ - (0.44 * Math.Cos(thigh));
            Set(p, side == 0 ? CocoKeypoints.LeftKnee : CocoKeypoints.RightKnee, kneeF, lateral, kneeZ);
            Set(p, side == 0 ? CocoKeypoints.LeftAnkle : CocoKeypoints.RightAnkle, kneeF + (0.43 * Math.Sin(thigh - flex)), lateral, Math.Max(0.05, kneeZ - (0.43 * Math.Cos(thigh - flex))));

            var arm = -0.6 * swing * Math.Sin(legPhase);
            var elbowF = torsoLean + (0.30 * Math.Sin(arm));
            var elbowZ = shoulderZ - (0.30 * Math.Cos(arm));
            Set(p, side == 0 ? CocoKeypoints.LeftElbow : CocoKeypoints.RightElbow, elbowF, 0.21 * sign, elbowZ);
            Set(p, side == 0 ? CocoKeypoints.LeftWrist : CocoKeypoints.RightWrist, elbowF + (0.27 * Math.Sin(arm + 0.2)), 0.22 * sign, elbowZ - (0.27 * Math.Cos(arm + 0.2)));
        }
    }

    /// <summary>Tips the body forward by <paramref name="angle"/> about the lateral axis through the feet, lifting it clear of the floor as it goes down.</summary>
    private static void Rotate(Span<double> p, double angle)
    {
        var (c, s) = (Math.Cos(angle), Math.Sin(angle));
        for (var i = 0; i < PointCount; i++)
        {
            var (f, z) = (p[i * 3], p[(i * 3) + 2]);
            p[i * 3] = (f * c) + (z * s);
            p[(i * 3) + 2] = Math.Max(0, (-f * s) + (z * c) + (0.12 * s));
        }
    }

    private static void Set(Span<double> p, int index, double forward, double left, double up)
    {
        p[index * 3] = forward;
        p[(index * 3) + 1] = left;
        p[(index * 3) + 2] = up;
    }
}
