using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store;
using PoseCluster.Silo.Runtime;

namespace PoseCluster.Silo.Tests.Infrastructure;

/// <summary>A whole silo (web host, runtime, grains) in the test process on a free loopback port.</summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<string, Task>? _terminateConnections;
    private bool _stopped;

    private InProcessSilo(WebApplication app, SiloOptions options, Func<string, Task>? terminateConnections)
    {
        _app = app;
        Options = options;
        _terminateConnections = terminateConnections;
        Runtime = app.Services.GetRequiredService<SiloRuntime>();
        // The bound address: the advertised one may differ (a test can advertise a dead one).
        BaseAddress = app.Urls.First().TrimEnd('/');
        Http = new HttpClient { BaseAddress = new Uri(BaseAddress), Timeout = TimeSpan.FromSeconds(10) };
    }

    public SiloOptions Options { get; }

    public string Name => Options.NodeName;

    public string BaseAddress { get; }

    public HttpClient Http { get; }

    internal SiloRuntime Runtime { get; }

    internal SiloNode Node => Runtime.Node ?? throw new InvalidOperationException($"Silo {Name} is not running.");

    public Guid SiloId => Node.Agent.SiloId;

    public bool IsRunning => !_stopped;

    /// <summary>Test defaults: free loopback port, the test key, fast simulated inference unless asked otherwise.</summary>
    public static SiloOptions TestOptions(string name, string store, string keyFile, double simulatedCostMs = 10, string? simulatedScene = null)
    {
        var options = new SiloOptions
        {
            NodeName = name,
            Listen = "http://127.0.0.1:0",
            Store = store,
            SimulatedCostMs = simulatedCostMs,
            SimulatedScene = simulatedScene,
            Secrets = new SecretOptions { KeyFilePath = keyFile, KeyEnvironmentVariable = "POSECLUSTER_TEST_NO_SUCH_VARIABLE", CreateKeyFileIfMissing = false },
        };
        options.Camera.ActivityInterval = TimeSpan.FromSeconds(1);
        options.SiteAggregation.ActivityInterval = TimeSpan.FromSeconds(2);
        return options;
    }

    public static async Task<InProcessSilo> StartAsync(SiloOptions options, LogSink? logs = null, Func<string, Task>? terminateConnections = null)
    {
        var app = SiloHost.Build(options, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new InProcessSilo(app, options, terminateConnections);
    }

    /// <summary>A store handle for the test itself (like the CLI), with the test key.</summary>
    public static Task<IClusterStore> OpenStoreAsync(string store)
    {
        var options = StoreAddress.Parse(store);
        options.ApplicationName = "posecluster-test-admin";
        return ClusterStoreFactory.OpenAsync(options, CredentialProtector.FromKey(Convert.FromBase64String(SiloTestAssets.SecretKey)));
    }

    public async Task<string> MetricsAsync() => await Http.GetStringAsync("/metrics");

    /// <summary>As a kill -9 would: no drain, heartbeats stop, store connections drop, the data plane closes.</summary>
    public async Task KillAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await Runtime.CrashAsync();
        if (_terminateConnections is not null)
        {
            await _terminateConnections("posecluster-" + Name);
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Graceful stop: drain, leave, stop.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await KillAsync();
    }
}
