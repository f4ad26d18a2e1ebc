using System.Diagnostics;
using PoseCluster.Cluster.Local;

namespace PoseCluster.AppHost.Local;

/// <summary>
/// Health-gated start: a process counts as started only once its readiness line was printed and its health URL
/// answers 2xx (a silo's <c>/health</c> does once it is an active member). Fails at once when the process exits.
/// </summary>
internal static class HealthGate
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>Waits until <paramref name="process"/> is ready; returns its address (or null when its spec finds none).</summary>
    /// <exception cref="TimeoutException">Not healthy within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The process exited first.</exception>
    public static async Task<string?> WaitAsync(LocalProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await process.WaitReadyLineAsync(timeout, cancellationToken).ConfigureAwait(false);
        string? address = null;
        if (process.Spec.AddressPattern is not null)
        {
            address = (await process.AddressAsync(Remaining(timeout, clock), cancellationToken).ConfigureAwait(false)).TrimEnd('/');
        }

        if (process.Spec.HealthUrl is not { } template)
        {
            return address;
        }

        var url = address is null ? template : template.Replace("{address}", address, StringComparison.Ordinal);
        var last = "no answer yet";
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Process '{process.Name}' exited with code {await process.Exited.ConfigureAwait(false)} before it was healthy.{process.FormatRecentOutput()}");
            }

            try
            {
                using var response = await Http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return address;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "timed out";
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Process '{process.Name}' was not healthy at {url} within {timeout.TotalSeconds:0} s ({last}).");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Remaining(TimeSpan timeout, Stopwatch clock) => timeout - clock.Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
}
