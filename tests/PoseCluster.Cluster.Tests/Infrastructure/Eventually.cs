using System.Diagnostics;

namespace PoseCluster.Cluster.Tests.Infrastructure;

/// <summary>Polling with a deadline for eventual conditions (no fixed sleeps).</summary>
public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds; returns how long it took; fails after <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return watch.Elapsed;
                }
            }
            catch (Exception e)
            {
                last = e;
            }

            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.0} s waiting for: {what}" + (last is null ? "" : $" (last error: {last.Message})"));
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Synchronous-condition overload whose description is computed when it times out (to show what was seen).</summary>
    public static async Task<TimeSpan> WaitAsync(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.0} s waiting for: {what()}");
            }

            await Task.Delay(20);
        }

        return watch.Elapsed;
    }

    /// <summary>Synchronous-condition overload.</summary>
    public static Task<TimeSpan> WaitAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitAsync(() => Task.FromResult(condition()), timeout, what);
}
