using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Store;
using PoseCluster.Grains.Site;
using PoseCluster.Silo.Tests.Infrastructure;
using PoseCluster.Silo.Webhooks;

namespace PoseCluster.Silo.Tests.Webhooks;

/// <summary>
/// A webhook deliverer composed as the silo composes it (<see cref="Extensions.AddWebhookDelivery"/>: factory HTTP
/// client, meter, logging) over a real SQLite store in a temp folder, with its webhook metrics recorded.
/// </summary>
public sealed class DelivererUnderTest : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counters = new(StringComparer.Ordinal);
    private bool _started;

    private DelivererUnderTest(IClusterStore store, WebhookOptions options, LogSink logs)
    {
        Store = store;
        Logs = logs;
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        services.AddMetrics();
        services.AddWebhookDelivery(options, "webhook-test", _ => store);
        _services = services.BuildServiceProvider();
        Sink = _services.GetRequiredService<ISiteEventSink>();
        Deliverer = (WebhookDeliverer)Sink;
        Hosted = _services.GetServices<IHostedService>().ToList();
        // Only this provider's meter: other tests in the process publish the same instrument names.
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name.StartsWith("posecluster.webhook.", StringComparison.Ordinal) && instrument is Counter<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var outcome = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    outcome = "." + tag.Value;
                }
            }

            _counters.AddOrUpdate(instrument.Name + outcome, value, (_, v) => v + value);
        });
        _listener.Start();
    }

    public IClusterStore Store { get; }

    public LogSink Logs { get; }

    public ISiteEventSink Sink { get; }

    internal WebhookDeliverer Deliverer { get; }

    public IReadOnlyList<IHostedService> Hosted { get; }

    /// <summary>Test options: small backoffs so retries are quick.</summary>
    public static WebhookOptions FastOptions() => new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<DelivererUnderTest> CreateAsync(WebhookOptions? options = null, ITestOutputHelper? output = null)
    {
        var path = Path.Combine(SiloTestAssets.TempDirectory(), "cluster.db");
        var store = await InProcessSilo.OpenStoreAsync(path);
        return new DelivererUnderTest(store, options ?? FastOptions(), new LogSink(output));
    }

    /// <summary>Starts delivery (it reads the webhooks first) and waits until the list holds every webhook of the store.</summary>
    public async Task StartAsync()
    {
        _started = true;
        foreach (var hosted in Hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        await Deliverer.RefreshAsync(CancellationToken.None);
    }

    public long Counter(string name) => _counters.GetValueOrDefault(name);

    public async Task<WebhookRecord> AddWebhookAsync(string name, string url, string? secret = null, Guid? siteId = null, params string[] kinds) =>
        await Store.AddWebhookAsync(new WebhookDefinition { Name = name, Url = url, Secret = secret, SiteId = siteId, EventKinds = kinds }, CancellationToken.None);

    public async Task<WebhookRecord> WebhookAsync(Guid id) =>
        await Store.GetWebhookAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"webhook {id} is gone");

    public static SiteEventRecord Event(Guid siteId, string kind, string details = "test event", Guid? camera = null, string? zone = null, int globalId = 7) =>
        new(Guid.CreateVersion7(), siteId, DateTimeOffset.UtcNow, kind, globalId, camera, zone, details);

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            foreach (var hosted in Hosted.Reverse())
            {
                await hosted.StopAsync(CancellationToken.None);
            }
        }

        _listener.Dispose();
        await _services.DisposeAsync();
        await Store.DisposeAsync();
    }
}
