using PoseCluster.Pose.Geometry;

namespace PoseCluster.Pose.Evaluation.Synthetic;

/// <summary>
/// Renders scripted <see cref="SyntheticPerson"/>s through a <see cref="PinholeCamera"/> into ground truth and simulated
/// detections, frame by frame: boxes bound the projected body; a keypoint is occluded when it falls inside the body of
/// a person nearer the camera (the middle 70 % of that person's box); the detector misses people with too little
/// visible and some at random, scores people by how much of them is visible, jitters keypoints (occluded ones a lot,
/// sometimes snapping them onto the occluder) and boxes, and adds false positives. Deterministic for a seed; frames
/// must be generated in order.
/// </summary>
public sealed class SyntheticSceneGenerator
{
    // Where a standing person's keypoints lie in its box (fractions of width and height), for false positives.
    private static readonly (double X, double Y)[] Template =
    [
        (0.5, 0.08), (0.55, 0.06), (0.45, 0.06), (0.62, 0.08), (0.38, 0.08), (0.75, 0.2), (0.25, 0.2), (0.8, 0.37),
        (0.2, 0.37), (0.8, 0.5), (0.2, 0.5), (0.65, 0.52), (0.35, 0.52), (0.65, 0.73), (0.35, 0.73), (0.65, 0.95), (0.35, 0.95),
    ];

    private readonly IReadOnlyList<SyntheticPerson> _persons;
    private readonly PinholeCamera _camera;
    private readonly SyntheticSceneOptions _options;
    private readonly DeterministicRandom _random;
    private readonly WorldPoint[] _joints = new WorldPoint[SyntheticSkeleton.PointCount];

    /// <summary>Creates a generator for <paramref name="persons"/> seen by <paramref name="camera"/> in a <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public SyntheticSceneGenerator(IReadOnlyList<SyntheticPerson> persons, PinholeCamera camera, int width, int height, SyntheticSceneOptions? options = null, ulong seed = 1)
    {
        _options = options ?? new SyntheticSceneOptions();
        _options.Validate();
        if (persons.Any(p => p.Id <= 0) || persons.Select(p => p.Id).Distinct().Count() != persons.Count)
        {
            throw new ArgumentException("Synthetic persons need distinct ids > 0.", nameof(persons));
        }

        _persons = persons;
        _camera = camera;
        Width = width;
        Height = height;
        _random = new DeterministicRandom(seed);
    }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>The options in use.</summary>
    public SyntheticSceneOptions Options => _options;

    /// <summary>Generates frame <paramref name="index"/> (time index / fps).</summary>
    public SyntheticFrame Generate(long index)
    {
        var seconds = index / _options.Fps;
        var timestamp = TimeSpan.FromSeconds(seconds);
        var views = new List<View>();
        var floor = new Dictionary<int, PlanePoint>();
        foreach (var person in _persons)
        {
            if (!SyntheticSkeleton.TryPose(person, seconds, _joints))
            {
                continue;
            }

            var ground = _joints[SyntheticSkeleton.FloorPoint];
            if (person.TryLocate(seconds, out var position, out _, out _, out _))
            {
                floor[person.Id] = position;
            }

            _camera.Project(ground, out var depth);
            var view = new View(person.Id, depth);
            var behind = false;
            float x1 = float.MaxValue, y1 = float.MaxValue, x2 = float.MinValue, y2 = float.MinValue;
            for (var j = 0; j < SyntheticSkeleton.PointCount; j++)
            {
                var p = _camera.Project(_joints[j], out var d);
                behind |= d < 0.3;
                var (x, y) = ((float)p.X, (float)p.Y);
                if (j < CocoKeypoints.Count)
                {
                    view.Points[j] = (x, y);
                }

                (x1, y1, x2, y2) = (MathF.Min(x1, x), MathF.Min(y1, y), MathF.Max(x2, x), MathF.Max(y2, y));
            }

            if (behind)
            {
                continue;
            }

            var margin = 0.06f * (y2 - y1);
            view.Box = new BoundingBox(x1 - margin, y1, x2 + margin, y2);
            if (view.Box.X2 <= 0 || view.Box.Y2 <= 0 || view.Box.X1 >= Width || view.Box.Y1 >= Height)
            {
                continue;
            }

            views.Add(view);
        }

        views.Sort((a, b) => a.Depth.CompareTo(b.Depth));
        for (var a = 0; a < views.Count; a++)
        {
            var v = views[a];
            var visible = 0;
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var (x, y) = v.Points[k];
                if (x < 0 || y < 0 || x >= Width || y >= Height)
                {
                    v.Visibility[k] = 0;
                    continue;
                }

                v.Visibility[k] = 2;
                for (var b = 0; b < a; b++)
                {
                    var box = views[b].Box;
                    var inset = 0.15f * box.Width;
                    if (x > box.X1 + inset && x < box.X2 - inset && y > box.Y1 && y < box.Y2)
                    {
                        v.Visibility[k] = 1;
                        v.Occluder[k] = b;
                        break;
                    }
                }

                if (v.Visibility[k] == 2)
                {
                    visible++;
                }
            }

            v.VisibleFraction = visible / (double)CocoKeypoints.Count;
        }

        var truth = new PoseFrame(views.Count) { FrameId = index, Timestamp = timestamp, ImageWidth = Width, ImageHeight = Height };
        var detections = new PoseFrame(views.Count + 4) { FrameId = index, Timestamp = timestamp, ImageWidth = Width, ImageHeight = Height };
        var sources = new List<int>();
        var o = _options;
        foreach (var v in views)
        {
            if (v.VisibleFraction < o.MinimumVisibleFraction)
            {
                continue;
            }

            ref var t = ref truth.Add();
            t.TrackId = v.Id;
            t.Box = v.Box.Clip(Width, Height);
            t.Score = 1;
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                t.Keypoints[k] = new Keypoint(v.Points[k].X, v.Points[k].Y, v.Visibility[k]);
            }

            if (_random.NextDouble() < o.MissRate)
            {
                continue;
            }

            ref var d = ref detections.Add();
            sources.Add(v.Id);
            var h = v.Box.Height;
            var score = _random.Gaussian(o.MeanScore, o.ScoreNoise) * (0.35 + (0.65 * v.VisibleFraction));
            d.Score = (float)Math.Clamp(score, 0.05, 0.99);
            var bw = v.Box.Width;
            d.Box = new BoundingBox(
                (float)(v.Box.X1 + _random.Gaussian(0, o.BoxJitter * bw)),
                (float)(v.Box.Y1 + _random.Gaussian(0, o.BoxJitter * h)),
                (float)(v.Box.X2 + _random.Gaussian(0, o.BoxJitter * bw)),
                (float)(v.Box.Y2 + _random.Gaussian(0, o.BoxJitter * h))).Clip(Width, Height);
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var (x, y) = v.Points[k];
                double px, py, s;
                switch (v.Visibility[k])
                {
                    case 2:
                        px = x + _random.Gaussian(0, o.KeypointJitter * h);
                        py = y + _random.Gaussian(0, o.KeypointJitter * h);
                        s = Math.Clamp(_random.Gaussian(0.8, 0.1), 0.35, 1.0);
                        break;
                    case 1:
                        if (_random.NextDouble() < o.OccluderConfusion)
                        {
                            (x, y) = views[v.Occluder[k]].Points[k];
                        }

                        px = x + _random.Gaussian(0, o.OccludedKeypointJitter * h);
                        py = y + _random.Gaussian(0, o.OccludedKeypointJitter * h);
                        s = _random.Uniform(0.05, 0.35);
                        break;
                    default:
                        px = Math.Clamp(x, 0, Width - 1);
                        py = Math.Clamp(y, 0, Height - 1);
                        s = 0.02;
                        break;
                }

                d.Keypoints[k] = new Keypoint((float)px, (float)py, (float)s);
            }
        }

        var falsePositives = _random.Poisson(o.FalsePositivesPerFrame);
        for (var f = 0; f < falsePositives; f++)
        {
            var h = _random.Uniform(0.15, 0.45) * Height;
            var w = 0.4 * h;
            var x0 = _random.Uniform(0, Width - w);
            var y0 = _random.Uniform(0, Height - h);
            ref var d = ref detections.Add();
            sources.Add(0);
            var high = _random.NextDouble() < o.HighScoreFalsePositiveFraction;
            d.Score = (float)(high ? _random.Uniform(0.5, 0.7) : _random.Uniform(0.1, 0.45));
            d.Box = new BoundingBox((float)x0, (float)y0, (float)(x0 + w), (float)(y0 + h));
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                d.Keypoints[k] = new Keypoint(
                    (float)(x0 + (Template[k].X * w) + _random.Gaussian(0, 0.05 * h)),
                    (float)(y0 + (Template[k].Y * h) + _random.Gaussian(0, 0.05 * h)),
                    (float)_random.Uniform(0.1, 0.6));
            }
        }

        // Detectors report people in no particular order: shuffle, so that no tracker can lean on the order.
        var persons = detections.Persons;
        var order = sources.ToArray();
        for (var i = persons.Length - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (persons[i], persons[j]) = (persons[j], persons[i]);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return new SyntheticFrame { Truth = truth, Detections = detections, DetectionSources = order, FloorPositions = floor };
    }

    private sealed class View(int id, double depth)
    {
        public int Id { get; } = id;

        public double Depth { get; } = depth;

        public BoundingBox Box { get; set; }

        public (float X, float Y)[] Points { get; } = new (float X, float Y)[CocoKeypoints.Count];

        public byte[] Visibility { get; } = new byte[CocoKeypoints.Count];

        public int[] Occluder { get; } = new int[CocoKeypoints.Count];

        public double VisibleFraction { get; set; }
    }
}
