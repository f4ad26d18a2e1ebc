using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using PoseCluster.Grains.Streaming;
using PoseCluster.Silo.Runtime;

namespace PoseCluster.Silo.Api;

/// <summary>
/// <c>GET /stream</c> (WebSocket; optional <c>?cameras=id,id</c>): the node's live pose stream. It opens with a
/// <c>hello</c> message (<c>{"type":"hello","silo":node,"silo_id":id,"cameras":[ids running here]}</c>), then the
/// current <c>status</c> of each camera, then every <c>pose</c> and <c>status</c> message as it happens (schemas in
/// <see cref="PoseStreamMessages"/>). A subscriber that reads too slowly loses its oldest messages.
/// </summary>
internal static class PoseStreamEndpoint
{
    public static IEndpointRouteBuilder MapPoseStream(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/stream", StreamAsync);
        return routes;
    }

    private static async Task<IResult> StreamAsync(HttpContext context, SiloRuntime runtime, IHostApplicationLifetime lifetime, string? cameras)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Results.Problem("The pose stream is a WebSocket: connect with ws://.../stream.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (runtime.Node is not { } node)
        {
            return Results.Problem("The silo is not running.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        HashSet<Guid>? filter = null;
        if (!string.IsNullOrWhiteSpace(cameras))
        {
            filter = [];
            foreach (var part in cameras.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Guid.TryParse(part, out var id))
                {
                    return Results.Problem($"'{part}' is not a camera id.", statusCode: StatusCodes.Status400BadRequest);
                }

                filter.Add(id);
            }
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var subscription = node.Stream.Subscribe(filter);
        // The stream ends when the client leaves or the silo stops (so a stopping host is not held up by subscribers).
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var token = closed.Token;
        var receive = ReceiveUntilClosedAsync(socket, closed);
        try
        {
            await socket.SendAsync(Hello(node, filter), WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false);
            foreach (var status in node.Cameras.StatusMessages())
            {
                subscription.Offer(status);
            }

            await foreach (var message in subscription.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                await socket.SendAsync(message.Utf8Json, WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            await closed.CancelAsync().ConfigureAwait(false);
            await receive.ConfigureAwait(false);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException)
                {
                }
            }
        }

        return Results.Empty;
    }

    private static ReadOnlyMemory<byte> Hello(SiloNode node, HashSet<Guid>? filter)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "hello");
            writer.WriteString("silo", node.Options.NodeName);
            writer.WriteString("silo_id", node.Agent.SiloId);
            writer.WriteStartArray("cameras");
            foreach (var camera in node.Cameras.List().Where(c => filter is null || filter.Contains(c.CameraId)))
            {
                writer.WriteStringValue(camera.CameraId);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (!closed.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            await closed.CancelAsync().ConfigureAwait(false);
        }
    }
}
