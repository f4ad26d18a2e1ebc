using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PoseCluster.Pose.Tests.Media;

/// <summary>
/// An in-process HTTP MJPEG camera (multipart/x-mixed-replace) serving fixed JPEG frames to any number of clients,
/// optionally behind Basic authentication. <see cref="Pause"/> keeps connections open but stops sending (a stall);
/// <see cref="Stop"/> closes everything (a dead camera); <see cref="Start"/> brings it back on the same port.
/// </summary>
internal sealed class MjpegTestServer : IAsyncDisposable
{
    private readonly byte[][] _frames;
    private readonly double _fps;
    private readonly string? _credentials;
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private volatile bool _paused;
    private int _framesSent;

    public MjpegTestServer(byte[][] frames, double fps = 20, string? user = null, string? password = null, int? port = null)
    {
        _frames = frames;
        _fps = fps;
        _credentials = user is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        Port = port ?? FreePort.Next();
    }

    public int Port { get; }

    public int FramesSent => Volatile.Read(ref _framesSent);

    public string Url(string? user = null, string? password = null) =>
        user is null ? $"http://127.0.0.1:{Port}/video.mjpg" : $"http://{user}:{password}@127.0.0.1:{Port}/video.mjpg";

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _stop.Token);
    }

    public void Pause() => _paused = true;

    public void Resume() => _paused = false;

    public void Stop()
    {
        _stop?.Cancel();
        _listener?.Stop();
        _listener = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client, stop);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stop)
    {
        using var _ = client;
        using var registration = stop.Register(client.Dispose);
        try
        {
            var stream = client.GetStream();
            var request = await ReadRequestAsync(stream, stop);
            if (_credentials is not null && !request.Contains($"Authorization: Basic {_credentials}", StringComparison.OrdinalIgnoreCase))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"camera\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), stop);
                return;
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=frame\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"), stop);
            var interval = TimeSpan.FromSeconds(1 / _fps);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                if (_paused)
                {
                    await Task.Delay(20, stop);
                    i--;
                    continue;
                }

                var jpeg = _frames[i % _frames.Length];
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\n\r\n"), stop);
                await stream.WriteAsync(jpeg, stop);
                await stream.WriteAsync("\r\n"u8.ToArray(), stop);
                Interlocked.Increment(ref _framesSent);
                await Task.Delay(interval, stop);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client left or the server stopped.
        }
    }

    private static async Task<string> ReadRequestAsync(NetworkStream stream, CancellationToken stop)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), stop);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (Encoding.ASCII.GetString(buffer, 0, length).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, length);
    }
}
