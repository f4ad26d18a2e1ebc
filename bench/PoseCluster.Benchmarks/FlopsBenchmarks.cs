using BenchmarkDotNet.Attributes;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Benchmarks;

/// <summary>
/// This CPU's convolution throughput through ONNX Runtime: one dense 3x3 convolution 128 -> 128 channels on 56x56
/// (2 x 128 x 128 x 9 x 56 x 56 = 0.925 GFLOP per call), with 1 and 2 intra-op threads. GFLOP/s = 0.925 / seconds per
/// call; set the models' catalog <c>gflops</c> against it for their inference floor.
/// </summary>
[MemoryDiagnoser]
public class FlopsBenchmarks
{
    public const int Channels = 128, Size = 56;

    /// <summary>FLOPs of one call.</summary>
    public const double Flops = 2.0 * Channels * Channels * 9 * Size * Size;

    private InferenceSession _session = null!;
    private InferenceBinding _binding = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(BenchmarkAssets.TempDirectory(), $"conv3x3_{Channels}_{Size}.onnx");
        BenchmarkAssets.Python("model_tools.py", "conv", path, Channels.ToString(System.Globalization.CultureInfo.InvariantCulture), Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var options = new OnnxRuntimeOptions { IntraOpThreads = Threads, AllowSpinning = true };
        _session = OnnxRuntime.Load().CreateSession(path, options);
        _binding = _session.CreateBinding();
        var input = _binding.Input<float>(0, [1, Channels, Size, Size]);
        var random = new Random(2);
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = random.NextSingle();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _binding.Dispose();
        _session.Dispose();
    }

    [Benchmark]
    public void Conv3x3() => _binding.Run();
}
