using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PoseCluster.Cluster.Changes;

/// <summary>
/// Keeps something read from the store fresh: re-reads it whenever the change feed reports a relevant change
/// (notifications are hints to re-read, never the data) and at least every interval, the safety net for a notification
/// lost while the feed reconnected. A failed feed is re-opened after a second; a failed read is logged and retried at
/// the next trigger. Triggers arriving during a read collapse into one more read.
/// </summary>
public sealed class ChangeTriggeredRefresh
{
    private readonly Channel<bool> _trigger = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly string _what;
    private readonly Func<ClusterChange, bool> _relevant;
    private readonly TimeSpan _interval;
    private readonly Func<CancellationToken, Task> _refresh;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LogLevel _failureLevel;

    /// <summary>
    /// Creates the refresher of <paramref name="what"/> (for logs); <see cref="RunAsync"/> runs it. Failures of the feed
    /// or of a read are logged at <paramref name="failureLevel"/> (debug by default: the next trigger retries).
    /// </summary>
    public ChangeTriggeredRefresh(
        string what, Func<ClusterChange, bool> relevant, TimeSpan interval, Func<CancellationToken, Task> refresh, ILogger logger, TimeProvider? time = null, LogLevel failureLevel = LogLevel.Debug)
    {
        _failureLevel = failureLevel;
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _what = what;
        _relevant = relevant ?? throw new ArgumentNullException(nameof(relevant));
        _interval = interval;
        _refresh = refresh ?? throw new ArgumentNullException(nameof(refresh));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Raised on the feed's loop for each relevant change, before the re-read it triggers.</summary>
    public event Action<ClusterChange>? Changed;

    /// <summary>Asks for a re-read now (it runs on the refresh loop).</summary>
    public void Trigger() => _trigger.Writer.TryWrite(true);

    /// <summary>Follows <paramref name="feed"/> and re-reads until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(IClusterChangeFeed feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return Task.WhenAll(
            Task.Run(() => WatchLoopAsync(feed, cancellationToken), CancellationToken.None),
            Task.Run(() => RefreshLoopAsync(cancellationToken), CancellationToken.None));
    }

    private async Task WatchLoopAsync(IClusterChangeFeed feed, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in feed.WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (_relevant(change))
                    {
                        Changed?.Invoke(change);
                        Trigger();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.Log(_failureLevel, "Change feed of the {What} failed, retrying: {Error}", _what, e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                wait.CancelAfter(_interval);
                try
                {
                    await _trigger.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            try
            {
                await _refresh(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.Log(_failureLevel, "Reading the {What} failed: {Error}", _what, e.Message);
            }
        }
    }
}
