using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PoseCluster.Silo.Tests.Webhooks;

/// <summary>
/// A real Kestrel webhook receiver on a free loopback port: records every POST (path, query, headers, body) and answers
/// with the handler set for its path (200 when none).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<ReceivedWebhook, Task<IResult>>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    private WebApplication? _app;

    private WebhookReceiver()
    {
    }

    public string BaseAddress { get; private set; } = "";

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver();
        app.MapPost("/{**path}", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        receiver._app = app;
        receiver.BaseAddress = app.Urls.First().TrimEnd('/');
        return receiver;
    }

    /// <summary>Answers requests to <paramref name="path"/> with <paramref name="handler"/> (given the request and its 1-based attempt number on the path).</summary>
    public void On(string path, Func<ReceivedWebhook, Task<IResult>> handler) => _handlers[path] = handler;

    /// <summary>Answers the n-th request to <paramref name="path"/> with <paramref name="statuses"/>[n-1], then the last one.</summary>
    public void OnSequence(string path, params int[] statuses) =>
        On(path, r => Task.FromResult(Results.StatusCode(statuses[Math.Min(r.Attempt, statuses.Length) - 1])));

    public IReadOnlyList<ReceivedWebhook> For(string path) => [.. Received.Where(r => r.Path == path)];

    public string Url(string pathAndQuery) => BaseAddress + pathAndQuery;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var path = context.Request.Path.Value ?? "/";
        var attempt = _attempts.AddOrUpdate(path, 1, (_, n) => n + 1);
        var received = new ReceivedWebhook(
            path,
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray(),
            attempt);
        Received.Enqueue(received);
        return _handlers.TryGetValue(path, out var handler) ? await handler(received) : Results.Ok();
    }
}
