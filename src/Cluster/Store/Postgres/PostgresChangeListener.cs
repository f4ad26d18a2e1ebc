using Microsoft.Extensions.Logging;
using Npgsql;
using PoseCluster.Cluster.Changes;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>
/// One LISTEN connection per store, fanned out to every watcher. It pings while idle so a dead connection is found
/// within about a second, reconnects with a short backoff, and publishes a resync after every (re)connect because
/// notifications sent while it was away are lost.
/// </summary>
internal sealed class PostgresChangeListener : IAsyncDisposable
{
    private static readonly TimeSpan IdlePing = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);
    private readonly NpgsqlDataSource _source;
    private readonly ChangeFanout _fanout;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _loop;
    private volatile bool _connected;

    public PostgresChangeListener(NpgsqlDataSource source, ChangeFanout fanout, ILogger logger)
    {
        _source = source;
        _fanout = fanout;
        _logger = logger;
    }

    /// <summary>Whether the LISTEN connection is up.</summary>
    public bool IsConnected => _connected;

    /// <summary>Starts the listener on first use.</summary>
    public void EnsureStarted()
    {
        lock (_gate)
        {
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        var outage = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += (_, e) => _fanout.Publish(ClusterChange.FromPayload(e.Payload));
                    await using (var listen = new NpgsqlCommand($"listen {PostgresSchemaMigrator.Channel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    _connected = true;
                    if (outage)
                    {
                        _logger.LogInformation("Change notifications reconnected; watchers resync");
                        outage = false;
                    }

                    backoff = TimeSpan.FromMilliseconds(100);
                    _fanout.Publish(new ClusterChange(ClusterChangeKind.Resync));
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        if (!await connection.WaitAsync(IdlePing, cancellationToken).ConfigureAwait(false))
                        {
                            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                            timeout.CancelAfter(PingTimeout);
                            await using var ping = new NpgsqlCommand("select 1", connection);
                            await ping.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _connected = false;
                if (!outage)
                {
                    _logger.LogWarning("Change notifications lost ({Error}); reconnecting", e.Message);
                    outage = true;
                }
            }

            _connected = false;
            try
            {
                await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }

        _connected = false;
    }
}
