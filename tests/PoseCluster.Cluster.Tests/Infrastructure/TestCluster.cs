using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Store;

namespace PoseCluster.Cluster.Tests.Infrastructure;

/// <summary>N in-process silos against one store, with fault injection, recording every grain activation.</summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestStoreProvider _provider;
    private readonly ILoggerFactory _loggerFactory;

    private TestCluster(TestStoreProvider provider, ClusterStoreOptions options, IClusterStore admin, ILoggerFactory loggerFactory)
    {
        _provider = provider;
        StoreOptions = options;
        Admin = admin;
        _loggerFactory = loggerFactory;
    }

    public ClusterStoreOptions StoreOptions { get; }

    /// <summary>A store handle for the test itself (like the CLI).</summary>
    public IClusterStore Admin { get; private set; }

    public ActivationLog Log { get; } = new();

    public PlacementOptions Placement { get; } = new();

    public GrainHostOptions GrainHost { get; } = new();

    public List<TestSilo> Silos { get; } = [];

    public IEnumerable<TestSilo> Running => Silos.Where(s => s.IsRunning);

    public static async Task<TestCluster> CreateAsync(TestStoreProvider provider, ITestOutputHelper? output = null)
    {
        var options = await provider.NewStoreAsync();
        var admin = await TestStoreProvider.OpenAsync(options, "posecluster-test-admin");
        var loggerFactory = output is null ? (ILoggerFactory)Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance : new TestOutputLoggerFactory(output);
        return new TestCluster(provider, options, admin, loggerFactory);
    }

    public async Task<TestSilo> StartSiloAsync(
        string name,
        NodeClass nodeClass = NodeClass.Nuc,
        IEnumerable<string>? models = null,
        double capacity = 100,
        bool withNetworkControl = false)
    {
        var app = "posecluster-" + name;
        IClusterStore store = await TestStoreProvider.OpenAsync(StoreOptions, app);
        HeartbeatDelayProxy? network = null;
        if (withNetworkControl)
        {
            (store, network) = HeartbeatDelayProxy.Wrap(store);
        }

        var membership = new MembershipOptions
        {
            NodeName = name,
            NodeClass = nodeClass,
            Device = nodeClass == NodeClass.Gpu ? ExecutionDevice.Cuda : ExecutionDevice.Cpu,
            Models = [.. models ?? []],
            Capacity = capacity,
            DataPlaneAddress = $"http://127.0.0.1:0/{name}",
        };
        var agent = new MembershipAgent(store, membership, Placement, TestCatalog.Instance, _loggerFactory);
        var host = new SiloGrainHost(
            store,
            agent,
            [new RecordingGrainFactory(GrainTypes.Camera, Log, name), new RecordingGrainFactory(GrainTypes.Site, Log, name)],
            GrainHost,
            _loggerFactory);
        await host.StartAsync(CancellationToken.None);
        try
        {
            await agent.StartAsync(CancellationToken.None);
        }
        catch
        {
            await host.DisposeAsync();
            await store.DisposeAsync();
            throw;
        }

        var silo = new TestSilo(name, app, store, agent, host, _provider, network);
        Silos.Add(silo);
        return silo;
    }

    public TestSilo Silo(string name) => Silos.Single(s => s.Name == name && s.IsRunning);

    public TestSilo? Leader => Running.FirstOrDefault(s => s.Agent.IsLeader);

    public async Task<TestSilo> WaitForLeaderAsync(TimeSpan timeout)
    {
        await Eventually.WaitAsync(() => Leader is not null, timeout, "a placement leader");
        return Leader!;
    }

    public async Task<List<Guid>> AddCamerasAsync(int count, string prefix = "cam", NodeClassRequirement requiredClass = NodeClassRequirement.Any, string pipeline = "auto", double fps = 10)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var camera = await Admin.AddCameraAsync(
                new CameraDefinition { Name = $"{prefix}-{i:00}", SourceUrl = $"rtsp://10.0.0.{i + 1}/stream", TargetFps = fps, Pipeline = pipeline, RequiredClass = requiredClass },
                CancellationToken.None);
            ids.Add(camera.Id);
        }

        return ids;
    }

    /// <summary>
    /// Waits until each camera runs exactly once, on a running silo, with the epoch the store currently assigns.
    /// </summary>
    public Task<TimeSpan> WaitAllActiveAsync(IEnumerable<Guid> cameras, TimeSpan timeout, Func<TestSilo, bool>? where = null)
    {
        var wanted = cameras.Select(GrainId.ForCamera).ToList();
        return Eventually.WaitAsync(
            async () =>
            {
                var assignments = (await Admin.ListAssignmentsAsync(null, CancellationToken.None)).ToDictionary(a => a.Grain);
                var running = Log.Running();
                var live = Running.Where(s => where?.Invoke(s) ?? true).Select(s => s.SiloId).ToHashSet();
                return wanted.All(g =>
                    assignments.TryGetValue(g, out var a) && a.SiloId is { } silo && live.Contains(silo)
                    && running.Count(r => r.Grain == g) == 1 && running.Single(r => r.Grain == g) is var r && r.SiloId == silo && r.Epoch == a.Epoch);
            },
            timeout,
            $"{wanted.Count} cameras active on live silos");
    }

    /// <summary>Cameras per running silo name, from the store's assignments.</summary>
    public async Task<Dictionary<string, int>> CountBySiloAsync()
    {
        var names = Running.ToDictionary(s => s.SiloId, s => s.Name);
        return (await Admin.ListAssignmentsAsync(null, CancellationToken.None))
            .Where(a => a.Grain.Type == GrainTypes.Camera && a.SiloId is { } id && names.ContainsKey(id))
            .GroupBy(a => names[a.SiloId!.Value])
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Reopens the admin handle (after a server restart its pooled connections are stale; a new store is a fresh pool).</summary>
    public async Task ReopenAdminAsync()
    {
        await Admin.DisposeAsync();
        Admin = await TestStoreProvider.OpenAsync(StoreOptions, "posecluster-test-admin");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Running.ToList())
        {
            await silo.KillAsync();
        }

        await Admin.DisposeAsync();
    }
}
