using System.Diagnostics;
using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Inspection;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Verification;

/// <summary>Median inference time of a model on one sample, after warm-up, as the engine runs it.</summary>
public static class InferenceBenchmark
{
    /// <summary>Median milliseconds of <paramref name="runs"/> runs (after <paramref name="warmup"/> unmeasured ones).</summary>
    public static double MedianMilliseconds(OnnxRuntime runtime, OnnxModel model, CalibrationSample sample, int runs = 30, int warmup = 5, int threads = 0)
    {
        using var runner = new SampleRunner(runtime, model, new OnnxRuntimeOptions { IntraOpThreads = threads });
        for (var i = 0; i < warmup; i++)
        {
            runner.Run(sample);
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            runner.Run(sample);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }
}
