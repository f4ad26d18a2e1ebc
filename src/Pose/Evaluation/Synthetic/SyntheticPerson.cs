using PoseCluster.Pose.Geometry;

namespace PoseCluster.Pose.Evaluation.Synthetic;

/// <summary>
/// A scripted person of a synthetic scene: walks through floor waypoints (metres) at a constant speed from a start time,
/// optionally pausing, and changes posture at key times. Absent before the start and after the last waypoint (unless
/// <see cref="StayAtEnd"/>).
/// </summary>
public sealed class SyntheticPerson
{
    /// <summary>Ground-truth id (&gt; 0).</summary>
    public required int Id { get; init; }

    /// <summary>The path, in floor metres; at least one point (one point = standing there).</summary>
    public required IReadOnlyList<PlanePoint> Waypoints { get; init; }

    /// <summary>Walking speed, m/s. Default 1.3.</summary>
    public double Speed { get; init; } = 1.3;

    /// <summary>Scene time the person appears at the first waypoint, seconds.</summary>
    public double StartSeconds { get; init; }

    /// <summary>Seconds spent standing at each intermediate waypoint. Default 0.</summary>
    public double PauseSeconds { get; init; }

    /// <summary>Stays at the last waypoint for ever instead of leaving the scene. Default false.</summary>
    public bool StayAtEnd { get; init; }

    /// <summary>Body height, metres. Default 1.75.</summary>
    public double Height { get; init; } = 1.75;

    /// <summary>Facing direction while standing still with a single waypoint, radians (0 = +X).</summary>
    public double Heading { get; init; }

    /// <summary>Posture changes (standing throughout when empty).</summary>
    public IReadOnlyList<PostureKeyframe> Postures { get; init; } = [];

    /// <summary>Where the person is at <paramref name="seconds"/>: floor position, heading, distance walked, whether walking; false when absent.</summary>
    public bool TryLocate(double seconds, out PlanePoint position, out double heading, out double walked, out bool moving)
    {
        moving = false;
        position = Waypoints[0];
        heading = Heading;
        walked = 0;
        var t = seconds - StartSeconds;
        if (t < 0)
        {
            return false;
        }

        for (var i = 0; i + 1 < Waypoints.Count; i++)
        {
            var (a, b) = (Waypoints[i], Waypoints[i + 1]);
            var length = a.DistanceTo(b);
            var duration = length / Speed;
            heading = Math.Atan2(b.Y - a.Y, b.X - a.X);
            if (t <= duration)
            {
                var f = duration > 0 ? t / duration : 1;
                position = new PlanePoint(a.X + ((b.X - a.X) * f), a.Y + ((b.Y - a.Y) * f));
                walked += length * f;
                moving = length > 0;
                return true;
            }

            t -= duration;
            walked += length;
            position = b;
            if (i + 2 < Waypoints.Count)
            {
                if (t <= PauseSeconds)
                {
                    return true;
                }

                t -= PauseSeconds;
            }
        }

        return StayAtEnd || Waypoints.Count == 1;
    }
}
