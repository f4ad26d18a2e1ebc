using System.Diagnostics;

namespace PoseCluster.Pose.Pipelines;

/// <summary>
/// Accumulates elapsed time per <see cref="PipelineStage"/> (Stopwatch ticks; no allocation). Not thread-safe: one
/// per pipeline instance.
/// </summary>
public sealed class StageTimer
{
    private readonly long[] _ticks = new long[Enum.GetValues<PipelineStage>().Length];

    /// <summary>Frames processed since the last reset.</summary>
    public long Frames { get; private set; }

    /// <summary>A timestamp to pass to <see cref="Stop"/>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="start"/> to <paramref name="stage"/>; returns a new start timestamp.</summary>
    public long Stop(PipelineStage stage, long start)
    {
        var now = Stopwatch.GetTimestamp();
        _ticks[(int)stage] += now - start;
        return now;
    }

    /// <summary>Adds already measured ticks to a stage.</summary>
    public void Add(PipelineStage stage, long ticks) => _ticks[(int)stage] += ticks;

    /// <summary>Counts processed frames.</summary>
    public void CountFrames(int frames) => Frames += frames;

    /// <summary>Total milliseconds spent in <paramref name="stage"/>.</summary>
    public double TotalMilliseconds(PipelineStage stage) => _ticks[(int)stage] * 1000.0 / Stopwatch.Frequency;

    /// <summary>Mean milliseconds per frame spent in <paramref name="stage"/>.</summary>
    public double MillisecondsPerFrame(PipelineStage stage) => Frames == 0 ? 0 : TotalMilliseconds(stage) / Frames;

    /// <summary>Clears all totals.</summary>
    public void Reset()
    {
        Array.Clear(_ticks);
        Frames = 0;
    }
}
