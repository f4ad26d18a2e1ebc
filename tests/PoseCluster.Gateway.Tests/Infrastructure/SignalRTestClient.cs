using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace PoseCluster.Gateway.Tests.Infrastructure;

/// <summary>
/// A minimal SignalR client (JSON protocol over a WebSocket, negotiation skipped) for tests: the .NET SignalR client
/// package cannot be restored here. Records every server-to-client invocation with its receipt time.
/// </summary>
public sealed class SignalRTestClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly Task _receive;
    private int _nextId;

    private SignalRTestClient(ClientWebSocket socket, bool read)
    {
        _socket = socket;
        _receive = read ? Task.Run(ReceiveAsync) : Task.CompletedTask;
    }

    /// <summary>Invocations received: (receipt time, target, first argument).</summary>
    public ConcurrentQueue<(DateTimeOffset At, string Target, JsonElement Argument)> Received { get; } = new();

    public IEnumerable<JsonElement> Poses => Received.Where(m => m.Target == "Pose").Select(m => m.Argument);

    /// <summary>Connects to <c>/hubs/live</c> with an API key. With <paramref name="read"/> false it never reads (a stuck browser).</summary>
    public static async Task<SignalRTestClient> ConnectAsync(string baseAddress, string apiKey, bool read = true)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Api-Key", apiKey);
        await socket.ConnectAsync(new Uri(baseAddress.Replace("http://", "ws://", StringComparison.Ordinal) + "/hubs/live"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}" + Separator), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var handshake = await socket.ReceiveAsync(buffer, CancellationToken.None);
        var text = Encoding.UTF8.GetString(buffer, 0, handshake.Count);
        if (text.Contains("error", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("SignalR handshake failed: " + text);
        }

        return new SignalRTestClient(socket, read);
    }

    /// <summary>Calls a hub method and returns its result.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        var message = JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }) + Separator;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        return await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }

        await _receive.ContinueWith(_ => { });
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var pending = new ArrayBufferWriter<byte>();
        var chunk = new byte[64 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(chunk, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                pending.Write(chunk.AsSpan(0, result.Count));
                var data = pending.WrittenSpan;
                var start = 0;
                int end;
                while ((end = data[start..].IndexOf((byte)Separator)) >= 0)
                {
                    Dispatch(data.Slice(start, end));
                    start += end + 1;
                }

                var rest = data[start..].ToArray();
                pending.ResetWrittenCount();
                pending.Write(rest);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    private void Dispatch(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1:
                Received.Enqueue((DateTimeOffset.UtcNow, root.GetProperty("target").GetString()!, root.GetProperty("arguments")[0].Clone()));
                break;
            case 3 when root.TryGetProperty("invocationId", out var id) && _pending.TryRemove(id.GetString()!, out var done):
                if (root.TryGetProperty("error", out var error))
                {
                    done.TrySetException(new InvalidOperationException(error.GetString()));
                }
                else
                {
                    done.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                }

                break;
        }
    }
}
