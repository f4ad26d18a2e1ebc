using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;

namespace PoseCluster.AppHost.ClusterBench;

/// <summary>
/// Subscribes to the pose stream (<c>ws://SILO/stream</c>) of every silo and records each pose and status message: the raw
/// material of the benchmark's throughput, drop, failover and one-owner-at-a-time figures. A silo that dies simply
/// closes its stream.
/// </summary>
internal sealed class PoseStreamRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<RecordedPose> _poses = [];
    private readonly List<RecordedStatus> _statuses = [];
    private readonly List<(ClientWebSocket Socket, Task Loop)> _subscriptions = [];

    /// <summary>Pose messages received so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _poses.Count;
            }
        }
    }

    /// <summary>A copy of every pose recorded so far.</summary>
    public IReadOnlyList<RecordedPose> Snapshot()
    {
        lock (_gate)
        {
            return [.. _poses];
        }
    }

    /// <summary>A copy of every camera status message recorded so far.</summary>
    public IReadOnlyList<RecordedStatus> Statuses()
    {
        lock (_gate)
        {
            return [.. _statuses];
        }
    }

    /// <summary>Subscribes to the stream of the silo at <paramref name="address"/> (http://host:port).</summary>
    public async Task SubscribeAsync(string address, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/stream"), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        lock (_gate)
        {
            _subscriptions.Add((socket, Task.Run(() => ReceiveAsync(socket, _stop.Token), CancellationToken.None)));
        }
    }

    /// <summary>Closes every subscription.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var (socket, loop) in _subscriptions)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
            }

            socket.Dispose();
        }

        _stop.Dispose();
    }

    private static object? Parse(ReadOnlySpan<byte> json, DateTimeOffset receivedAt)
    {
        var reader = new Utf8JsonReader(json);
        string? type = null, silo = null, state = null;
        Guid camera = default;
        long epoch = 0, frame = 0;
        double latency = 0;
        DateTimeOffset captured = default, published = default;
        var depth = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth == 1:
                    var name = reader.GetString();
                    if (!reader.Read())
                    {
                        return null;
                    }

                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        reader.Skip();
                        continue;
                    }

                    switch (name)
                    {
                        case "type": type = reader.GetString(); break;
                        case "camera": camera = reader.GetGuid(); break;
                        case "silo": silo = reader.GetString(); break;
                        case "state": state = reader.GetString(); break;
                        case "epoch": epoch = reader.GetInt64(); break;
                        case "frame": frame = reader.GetInt64(); break;
                        case "latency_ms": latency = reader.GetDouble(); break;
                        case "captured_at": captured = DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture); break;
                        case "published_at": published = DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture); break;
                    }

                    break;
            }
        }

        return (type, silo) switch
        {
            ("pose", not null) => new RecordedPose(camera, silo, epoch, frame, captured, published, receivedAt, latency),
            ("status", not null) when state is not null => new RecordedStatus(camera, silo, epoch, state, receivedAt),
            _ => null,
        };
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                object? parsed;
                try
                {
                    parsed = Parse(message.GetBuffer().AsSpan(0, (int)message.Length), DateTimeOffset.UtcNow);
                }
                catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
                {
                    parsed = null;
                }

                message.SetLength(0);
                lock (_gate)
                {
                    switch (parsed)
                    {
                        case RecordedPose pose:
                            _poses.Add(pose);
                            break;
                        case RecordedStatus status:
                            _statuses.Add(status);
                            break;
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Stopped, or the silo went away (killed): its stream ends here.
        }
    }
}
