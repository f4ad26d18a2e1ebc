using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.Grains.Site;

namespace PoseCluster.Silo.Runtime;

/// <summary>
/// Runs the silo with the web host: before the data plane listens it opens the store and loads the models (so an
/// unreachable store or an unloadable model stops the start); once it listens it joins with the bound address (so
/// port 0 works and a name conflict stops the start); when the host stops it drains before the data plane closes.
/// </summary>
internal sealed class SiloRuntime : IHostedLifecycleService, IAsyncDisposable
{
    private readonly SiloOptions _options;
    private readonly IServer _server;
    private readonly IMeterFactory _meterFactory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ISiteEventSink _siteEvents;
    private SiloNode? _node;
    private bool _crashed;

    public SiloRuntime(SiloOptions options, IServer server, IMeterFactory meterFactory, ILoggerFactory loggerFactory, ISiteEventSink siteEvents)
    {
        _siteEvents = siteEvents;
        _options = options;
        _server = server;
        _meterFactory = meterFactory;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("PoseCluster.Silo");
    }

    /// <summary>The node once it has started (null before and after).</summary>
    public SiloNode? Node => Volatile.Read(ref _node);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Starting {Silo}", _options);
        _node = await SiloNode.CreateAsync(_options, _siteEvents, _meterFactory, _loggerFactory, cancellationToken).ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var node = _node ?? throw new InvalidOperationException("The silo node was not created.");
        await node.JoinAsync(AdvertisedAddress(), cancellationToken).ConfigureAwait(false);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_node is { } node && !_crashed)
        {
            try
            {
                await node.LeaveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning("Leaving the cluster failed: {Error}", e.Message);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        var node = Interlocked.Exchange(ref _node, null);
        if (node is not null)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the node without leaving, as a crash would (tests); the host can then be stopped.</summary>
    internal async Task CrashAsync()
    {
        _crashed = true;
        if (_node is { } node)
        {
            await node.AbandonAsync().ConfigureAwait(false);
        }
    }

    private string AdvertisedAddress()
    {
        if (_options.Advertise is { } advertise)
        {
            return advertise.TrimEnd('/');
        }

        var bound = _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The data plane has no bound address.");
        var uri = new Uri(bound.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://[::]", "://0.0.0.0", StringComparison.Ordinal));
        var host = uri.Host is "0.0.0.0" or "::" ? Environment.MachineName : uri.Host;
        return $"{uri.Scheme}://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{uri.Port}";
    }
}
