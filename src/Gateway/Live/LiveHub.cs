using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PoseCluster.Gateway.Auth;

namespace PoseCluster.Gateway.Live;

/// <summary>
/// The live feed for browsers (<c>/hubs/live</c>, any signed-in user). A connection receives nothing until it calls
/// <c>Subscribe({cameras, sites, max_fps})</c>; it may call it again to change cameras or rate. Server-to-client messages are
/// described by <see cref="ILiveClient"/>.
/// </summary>
[Authorize(Policy = GatewayRoles.ViewPolicy)]
public sealed class LiveHub : Hub<ILiveClient>
{
    private readonly LiveClientRegistry _clients;

    /// <summary>Creates the hub (one per call).</summary>
    public LiveHub(LiveClientRegistry clients)
    {
        _clients = clients;
    }

    /// <summary>Chooses the cameras, the rate and the sites this connection receives.</summary>
    public LiveSubscriptionResult Subscribe(LiveSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var maxFps = subscription.MaxFps is { } f && double.IsFinite(f) && f > 0 ? Math.Min(f, 1000) : 0;
        var cameras = subscription.Cameras is { Count: > 0 } list ? list.Take(10_000).ToHashSet() : null;
        var sites = subscription.Sites is { Count: > 0 } siteList ? siteList.Take(1_000).ToHashSet() : null;
        var client = _clients.Get(Context.ConnectionId) ?? throw new HubException("The connection is closing.");
        client.Subscribe(cameras, maxFps, sites);
        return new LiveSubscriptionResult(cameras?.Count ?? 0, maxFps, client.QueueCapacity, sites?.Count ?? 0);
    }

    /// <inheritdoc />
    public override Task OnConnectedAsync()
    {
        _clients.Add(Context.ConnectionId, Context.ConnectionAborted);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await _clients.RemoveAsync(Context.ConnectionId).ConfigureAwait(false);
    }
}
