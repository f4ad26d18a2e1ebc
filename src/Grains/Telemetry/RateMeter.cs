using System.Diagnostics;

namespace PoseCluster.Grains.Telemetry;

/// <summary>Events per second over a sliding window (default 2 s); thread-safe.</summary>
public sealed class RateMeter
{
    private readonly long _window;
    private readonly Queue<long> _ticks = new();
    private readonly Lock _gate = new();

    /// <summary>Creates a meter over <paramref name="window"/> (default 2 s).</summary>
    public RateMeter(TimeSpan? window = null)
    {
        _window = (long)((window ?? TimeSpan.FromSeconds(2)).TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Counts one event now.</summary>
    public void Tick()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _ticks.Enqueue(now);
            Trim(now);
        }
    }

    /// <summary>Events per second over the window.</summary>
    public double PerSecond
    {
        get
        {
            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                Trim(now);
                if (_ticks.Count < 2)
                {
                    return _ticks.Count == 1 ? 1.0 / (_window / (double)Stopwatch.Frequency) : 0;
                }

                // Rate over the span the window covers, so a stream that just started is not under-reported.
                var span = Math.Max(now - _ticks.Peek(), _window / 4);
                return _ticks.Count * (double)Stopwatch.Frequency / span;
            }
        }
    }

    private void Trim(long now)
    {
        while (_ticks.Count > 0 && now - _ticks.Peek() > _window)
        {
            _ticks.Dequeue();
        }
    }
}
