using System.Net.WebSockets;
using System.Text;

namespace PoseCluster.Silo.Tests.Infrastructure;

/// <summary>A subscriber of a silo's pose stream (a real WebSocket) that records every message.</summary>
public sealed class StreamClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<StreamMessage> _messages = [];
    private Task _loop = Task.CompletedTask;

    private StreamClient(string silo)
    {
        Silo = silo;
    }

    public string Silo { get; }

    public bool Closed { get; private set; }

    public IReadOnlyList<StreamMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<StreamMessage> Poses => Messages.Where(m => m.Type == "pose").ToList();

    public static async Task<StreamClient> ConnectAsync(string baseAddress, string silo, string? query = null, string? bearer = null)
    {
        var client = new StreamClient(silo);
        if (bearer is not null)
        {
            client._socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        }

        var uri = new Uri(baseAddress.Replace("http://", "ws://", StringComparison.Ordinal) + "/stream" + (query is null ? "" : "?" + query));
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        client._loop = Task.Run(client.ReceiveLoopAsync);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        var text = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                text.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    var message = StreamMessage.Parse(Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length));
                    text.SetLength(0);
                    lock (_gate)
                    {
                        _messages.Add(message);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            Closed = true;
        }
    }
}
