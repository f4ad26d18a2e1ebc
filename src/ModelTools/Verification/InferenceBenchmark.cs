using System.Diagnostics;
using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Inspection;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Verification;

/// <summary>Inference time of models on one sample, after warm-up, as the engine runs them (CPU, graph optimisation All).</summary>
public static class InferenceBenchmark
{
    /// <summary>
    /// Median milliseconds of each model over <paramref name="runs"/> runs, the models taking turns run by run so that
    /// other load on the machine (a shared CI box, video decoding) slows all of them alike.
    /// </summary>
    public static double[] MedianMilliseconds(OnnxRuntime runtime, IReadOnlyList<OnnxModel> models, CalibrationSample sample, int runs = 60, int warmup = 5, int threads = 0)
    {
        var runners = models.Select(m => new SampleRunner(runtime, m, new OnnxRuntimeOptions { IntraOpThreads = threads })).ToList();
        try
        {
            var times = models.Select(_ => new double[runs]).ToArray();
            for (var i = -warmup; i < runs; i++)
            {
                for (var m = 0; m < runners.Count; m++)
                {
                    var start = Stopwatch.GetTimestamp();
                    runners[m].Run(sample);
                    if (i >= 0)
                    {
                        times[m][i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    }
                }
            }

            return times.Select(t =>
            {
                Array.Sort(t);
                return t[runs / 2];
            }).ToArray();
        }
        finally
        {
            runners.ForEach(r => r.Dispose());
        }
    }

    /// <summary>Median milliseconds of one model.</summary>
    public static double MedianMilliseconds(OnnxRuntime runtime, OnnxModel model, CalibrationSample sample, int runs = 60, int warmup = 5, int threads = 0) =>
        MedianMilliseconds(runtime, [model], sample, runs, warmup, threads)[0];
}
