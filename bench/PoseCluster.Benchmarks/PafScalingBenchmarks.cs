using BenchmarkDotNet.Attributes;
using PoseCluster.Pose;
using PoseCluster.Pose.BottomUp;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;

namespace PoseCluster.Benchmarks;

/// <summary>How PAF post-processing grows with the number of people: 1 to 60 synthetic figures on 160x92 maps (x4).</summary>
[MemoryDiagnoser]
public class PafScalingBenchmarks
{
    private readonly PoseFrame _frame = new(128);
    private float[] _maps = [];
    private PafDecoder _decoder = null!;

    [Params(1, 10, 20, 40, 60)]
    public int People { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var entry = ModelCatalog.Load().Get("openpose-mnv2-368x432");
        var options = PafDecoderOptions.FromCatalog(entry.Decode);
        _maps = SyntheticCrowd.Maps(options, People, 160, 92, 57);
        _decoder = new PafDecoder(options);
        if (Decode() < People)
        {
            throw new InvalidOperationException($"The synthetic crowd of {People} decodes to only {_frame.Count} people.");
        }
    }

    [Benchmark]
    public int Decode()
    {
        _frame.Clear();
        _decoder.Decode(_maps, 160, 92, new AxisMap(1, 0), new AxisMap(1, 0), _frame);
        return _frame.Count;
    }
}
