using BenchmarkDotNet.Attributes;
using PoseCluster.Pose;
using PoseCluster.Pose.Evaluation.Mot;
using PoseCluster.Pose.Evaluation.Synthetic;
using PoseCluster.Pose.Geometry;
using PoseCluster.Pose.Site;
using PoseCluster.Pose.Tracking;

namespace PoseCluster.Benchmarks;

/// <summary>
/// Per-frame cost of the ByteTrack pose tracker against the greedy OKS baseline on synthetic sequence 7 (300 frames,
/// 8 walkers, detector noise and false positives), and of one site step per camera frame (fusion, posture, zones) with
/// two cameras facing each other over the same walkers. Results are per frame (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class TrackingBenchmarks
{
    private const int Frames = 300;
    private readonly PoseFrame _work = new(64);
    private TrackingSequence _sequence = null!;
    private IPoseTracker _bytetrack = null!;
    private IPoseTracker _greedy = null!;
    private PoseFrame[][] _tracked = null!;
    private SiteAggregator _site = null!;
    private TimeSpan _clock;

    [GlobalSetup]
    public void Setup()
    {
        _sequence = SyntheticTrackingSet.Create(7, Frames);
        _bytetrack = PoseTrackerFactory.CreateByteTrack();
        _greedy = PoseTrackerFactory.CreateGreedyOks();

        var persons = SyntheticTrackingSet.Persons(7, Frames / 25.0);
        PinholeCamera[] cameras =
        [
            SyntheticTrackingSet.Camera,
            PinholeCamera.LookingAt(1000, 1000, 640, 360, new WorldPoint(0, 17, 4), -Math.PI / 2, 28 * Math.PI / 180),
        ];
        _tracked = new PoseFrame[cameras.Length][];
        _site = new SiteAggregator("bench", [new Zone { Name = "left", Area = new FloorPolygon([new(-6, 3), new(0, 3), new(0, 15), new(-6, 15)]) }]);
        for (var c = 0; c < cameras.Length; c++)
        {
            var generator = new SyntheticSceneGenerator(persons, cameras[c], SyntheticTrackingSet.Width, SyntheticTrackingSet.Height, seed: (ulong)(50 + c));
            var tracker = PoseTrackerFactory.CreateByteTrack();
            _tracked[c] = new PoseFrame[Frames];
            for (var f = 0; f < Frames; f++)
            {
                _tracked[c][f] = generator.Generate(f).Detections;
                tracker.Update(_tracked[c][f]);
            }

            _site.AddCamera($"cam-{c}", cameras[c].ImageToFloor());
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public int GreedyOks() => Track(_greedy);

    [Benchmark(OperationsPerInvoke = Frames)]
    public int ByteTrack() => Track(_bytetrack);

    [Benchmark(OperationsPerInvoke = Frames * 2)]
    public int SiteStepPerCameraFrame()
    {
        // The clock runs on across invocations: the previous run's identities time out, as people leave a site.
        for (var f = 0; f < Frames; f++)
        {
            _clock += TimeSpan.FromSeconds(0.04);
            _site.Update(0, _tracked[0][f], DateTimeOffset.UnixEpoch + _clock);
            _site.Update(1, _tracked[1][f], DateTimeOffset.UnixEpoch + _clock);
        }

        _clock += TimeSpan.FromSeconds(20);
        return _site.Fusion.IdentityCount;
    }

    private int Track(IPoseTracker tracker)
    {
        tracker.Reset();
        var ids = 0;
        for (var f = 0; f < _sequence.Frames.Count; f++)
        {
            _work.CopyFrom(_sequence.Frames[f].Detections);
            tracker.Update(_work);
            ids += _work.Count;
        }

        return ids;
    }
}
