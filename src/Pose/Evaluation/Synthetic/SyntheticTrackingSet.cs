using PoseCluster.Pose.Evaluation.Mot;
using PoseCluster.Pose.Geometry;

namespace PoseCluster.Pose.Evaluation.Synthetic;

/// <summary>
/// The project's synthetic tracking benchmark: a fixed camera 4 m up looking down 28 degrees over a 12 x 12 m floor
/// (1280 x 720, f = 1000 px), and per sequence 4 to 8 walkers crossing it between random edges through a random middle
/// point (0.9 to 1.6 m/s, staggered starts, some pausing, some walking side by side), rendered by
/// <see cref="SyntheticSceneGenerator"/> with its default detector noise. Sequence i is the same on every machine.
/// </summary>
public static class SyntheticTrackingSet
{
    /// <summary>Image width of the benchmark camera.</summary>
    public const int Width = 1280;

    /// <summary>Image height of the benchmark camera.</summary>
    public const int Height = 720;

    /// <summary>The benchmark camera: at (0, -2, 4) m, looking along +Y, 28 degrees down.</summary>
    public static PinholeCamera Camera { get; } =
        PinholeCamera.LookingAt(1000, 1000, Width / 2.0, Height / 2.0, new WorldPoint(0, -2, 4), Math.PI / 2, 28 * Math.PI / 180);

    /// <summary>The walkers of sequence <paramref name="index"/>.</summary>
    public static IReadOnlyList<SyntheticPerson> Persons(int index, double durationSeconds)
    {
        var random = new DeterministicRandom(0x5EED0000UL + (ulong)index);
        var count = 4 + (index % 5);
        var persons = new List<SyntheticPerson>();
        var id = 1;
        while (persons.Count < count)
        {
            var start = RandomEdgePoint(random, out var side);
            var end = RandomEdgePoint(random, (side + 1 + random.Next(3)) % 4);
            var middle = new PlanePoint(random.Uniform(-3, 3), random.Uniform(4, 10));
            var speed = random.Uniform(0.9, 1.6);
            var startSeconds = random.Uniform(0, durationSeconds * 0.45);
            var pause = random.NextDouble() < 0.25 ? random.Uniform(1, 3) : 0;
            var height = random.Uniform(1.55, 1.95);
            persons.Add(new SyntheticPerson
            {
                Id = id++, Waypoints = [start, middle, end], Speed = speed, StartSeconds = startSeconds, PauseSeconds = pause, Height = height,
            });

            // Now and then a companion walks beside the last walker (0.6 m to its side): the hard case of two similar
            // people moving together.
            if (persons.Count < count && random.NextDouble() < 0.3)
            {
                var dx = end.X - start.X;
                var dy = end.Y - start.Y;
                var length = Math.Sqrt((dx * dx) + (dy * dy));
                var (ox, oy) = (-dy / length * 0.6, dx / length * 0.6);
                persons.Add(new SyntheticPerson
                {
                    Id = id++,
                    Waypoints = [new(start.X + ox, start.Y + oy), new(middle.X + ox, middle.Y + oy), new(end.X + ox, end.Y + oy)],
                    Speed = speed,
                    StartSeconds = startSeconds + random.Uniform(0, 0.3),
                    PauseSeconds = pause,
                    Height = random.Uniform(1.55, 1.95),
                });
            }
        }

        return persons;
    }

    /// <summary>Generates sequence <paramref name="index"/> with <paramref name="frames"/> frames at 25 fps.</summary>
    public static TrackingSequence Create(int index, int frames = 300, SyntheticSceneOptions? options = null)
    {
        options ??= new SyntheticSceneOptions();
        var generator = new SyntheticSceneGenerator(Persons(index, frames / options.Fps), Camera, Width, Height, options, 0xC0FFEEUL + (ulong)index);
        var list = new List<TrackingSequenceFrame>(frames);
        for (var f = 0; f < frames; f++)
        {
            var frame = generator.Generate(f);
            list.Add(new TrackingSequenceFrame(frame.Truth, frame.Detections));
        }

        return new TrackingSequence { Name = $"synthetic-{index:D2}", Width = Width, Height = Height, Fps = options.Fps, Frames = list };
    }

    /// <summary>A point on an edge of the floor area (0 = left, 1 = far, 2 = right, 3 = near).</summary>
    private static PlanePoint RandomEdgePoint(DeterministicRandom random, int side) => side switch
    {
        0 => new PlanePoint(-6.5, random.Uniform(3, 14)),
        1 => new PlanePoint(random.Uniform(-6, 6), 15),
        2 => new PlanePoint(6.5, random.Uniform(3, 14)),
        _ => new PlanePoint(random.Uniform(-3, 3), 2.2),
    };

    private static PlanePoint RandomEdgePoint(DeterministicRandom random, out int side)
    {
        side = random.Next(4);
        return RandomEdgePoint(random, side);
    }
}
