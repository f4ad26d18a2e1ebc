using BenchmarkDotNet.Attributes;
using PoseCluster.Pose;
using PoseCluster.Pose.Nms;

namespace PoseCluster.Benchmarks;

/// <summary>
/// Parallel (Matrix-NMS style) versus classic greedy OKS-NMS for 10/50/100 candidate poses of a crowded frame. Each
/// call first restores the candidates (NMS works in place); <see cref="RestoreOnly"/> measures that copy.
/// </summary>
[MemoryDiagnoser]
public class OksNmsBenchmarks
{
    private readonly PoseFrame _work = new(256);
    private PoseFrame _candidates = null!;
    private IPoseNms _parallel = null!;
    private IPoseNms _classic = null!;

    [Params(10, 50, 100)]
    public int Candidates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Candidates);
        _candidates = new PoseFrame(Candidates);
        var people = Math.Max(1, Candidates * 2 / 5);
        for (var i = 0; i < Candidates; i++)
        {
            // Candidates come in small clusters around the people (duplicates to suppress).
            var person = i % people;
            var cx = 80f + ((person * 97) % 1100) + (random.NextSingle() * 6);
            var cy = 120f + ((person * 53) % 480) + (random.NextSingle() * 6);
            var height = 120f + (person % 5 * 30);
            ref var pose = ref _candidates.Add();
            pose.Score = 0.1f + (random.NextSingle() * 0.9f);
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                pose.Keypoints[k] = new Keypoint(cx + (((k % 5) - 2) * height * 0.1f), cy + (((k / 2) - 4) * height * 0.1f), 0.3f + (random.NextSingle() * 0.7f));
            }

            pose.Box = BoundingBox.Around(pose.Keypoints);
        }

        _parallel = IPoseNms.Create(new OksNmsOptions { Mode = OksNmsMode.Parallel });
        _classic = IPoseNms.Create(new OksNmsOptions { Mode = OksNmsMode.Classic });
    }

    [Benchmark(Baseline = true)]
    public int Classic()
    {
        _work.CopyFrom(_candidates);
        _classic.Apply(_work);
        return _work.Count;
    }

    [Benchmark]
    public int Parallel()
    {
        _work.CopyFrom(_candidates);
        _parallel.Apply(_work);
        return _work.Count;
    }

    [Benchmark]
    public int RestoreOnly()
    {
        _work.CopyFrom(_candidates);
        return _work.Count;
    }
}
