using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace PoseCluster.Gateway.Live;

/// <summary>
/// The gateway's subscription to one silo's pose stream (<c>ws://ADDRESS/stream</c>): reconnects with backoff while
/// the silo is a member, and hands every message to the <see cref="PoseFeedRouter"/>.
/// </summary>
internal sealed class SiloStreamConnection : IAsyncDisposable
{
    private readonly PoseFeedRouter _router;
    private readonly LiveFeedOptions _options;
    private readonly string? _dataPlaneKey;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private volatile bool _connected;

    public SiloStreamConnection(Guid siloId, string name, string address, PoseFeedRouter router, LiveFeedOptions options, string? dataPlaneKey, ILogger logger)
    {
        SiloId = siloId;
        Name = name;
        Address = address;
        _router = router;
        _options = options;
        _dataPlaneKey = dataPlaneKey;
        _logger = logger;
    }

    public Guid SiloId { get; }

    public string Name { get; }

    public string Address { get; }

    public bool IsConnected => _connected;

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken token)
    {
        var backoff = _options.ReconnectInitial;
        var uri = StreamUri(Address);
        while (!token.IsCancellationRequested)
        {
            try
            {
                using var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                if (_dataPlaneKey is not null)
                {
                    socket.Options.SetRequestHeader("Authorization", "Bearer " + _dataPlaneKey);
                }

                using (var connect = CancellationTokenSource.CreateLinkedTokenSource(token))
                {
                    connect.CancelAfter(_options.SiloRequestTimeout);
                    await socket.ConnectAsync(uri, connect.Token).ConfigureAwait(false);
                }

                _connected = true;
                backoff = _options.ReconnectInitial;
                _logger.LogInformation("Following the pose stream of silo {Silo} at {Address}", Name, Address);
                await ReceiveAsync(socket, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpRequestException or IOException)
            {
                _logger.LogDebug("The pose stream of silo {Silo} ended: {Error}", Name, e.Message);
            }
            finally
            {
                _connected = false;
            }

            try
            {
                await Task.Delay(backoff, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.ReconnectMax.Ticks));
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken token)
    {
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(message.GetMemory(8 * 1024), token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Advance(result.Count);
            if (message.WrittenCount > 4 * 1024 * 1024)
            {
                throw new WebSocketException("A pose stream message exceeded 4 MiB.");
            }

            if (result.EndOfMessage)
            {
                _router.Handle(message.WrittenMemory, SiloId);
                message.ResetWrittenCount();
            }
        }
    }

    private static Uri StreamUri(string address)
    {
        var builder = new UriBuilder(address.TrimEnd('/') + "/stream");
        builder.Scheme = builder.Scheme == "https" ? "wss" : "ws";
        return builder.Uri;
    }
}
