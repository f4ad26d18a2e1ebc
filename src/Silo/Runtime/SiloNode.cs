using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store;
using PoseCluster.Grains.Camera;
using PoseCluster.Grains.Dispatch;
using PoseCluster.Grains.Inference;
using PoseCluster.Grains.Site;
using PoseCluster.Grains.Streaming;
using PoseCluster.Grains.Telemetry;
using PoseCluster.Grains.Topology;
using PoseCluster.Silo.DataPlane;

namespace PoseCluster.Silo.Runtime;

/// <summary>
/// One silo's runtime, composed in the order the cluster needs: open the store (fails fast when unreachable), load the
/// models (fails fast when one cannot load), build the grains' services; then, once the data plane listens, follow the
/// cluster view and join (fails fast on a name conflict). Leaving drains the silo's grains to others first.
/// </summary>
internal sealed class SiloNode : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly MembershipOptions _membershipOptions;
    private readonly DataPlaneClient _client;
    private readonly ServedPipelines _served;
    private bool _joined;

    private SiloNode(
        SiloOptions options,
        IClusterStore store,
        ServedPipelines served,
        DataPlaneClient client,
        GrainMeter meter,
        IMeterFactory meterFactory,
        ILoggerFactory loggerFactory,
        ISiteEventSink siteEvents)
    {
        Options = options;
        Store = store;
        _served = served;
        _client = client;
        Meter = meter;
        _logger = loggerFactory.CreateLogger("PoseCluster.Silo");
        _membershipOptions = options.Membership(dataPlaneAddress: "");
        Agent = new MembershipAgent(store, _membershipOptions, options.Placement, ServedPipelines.Catalog, loggerFactory);
        Inference = new InferenceDirectory();
        View = new ClusterView(store, options.View, loggerFactory);
        Peers = new PeerDirectory(View, Agent, ServedPipelines.Catalog, meter);
        var dispatcher = new InferenceDispatcher(Inference, Peers, client, options.Dispatch, meter, loggerFactory.CreateLogger("PoseCluster.Grains.Dispatch"));
        Stream = new PoseStreamHub(options.Stream, meter);
        Cameras = new CameraDirectory(meter);
        Sites = new SiteDirectory();
        SiteRouter = new SiteResultRouter(View, Agent, Sites, client, options.Sites, meter, loggerFactory);
        var cameraServices = new CameraGrainServices(
            store, options.NodeName, options.Camera, new CameraSourceOpener(options.Camera, loggerFactory), dispatcher, Stream, Cameras, SiteRouter,
            new NamedPoseTrackerFactory(options.Camera.Tracker), loggerFactory);
        Host = new SiloGrainHost(
            store,
            new LoadReportingMembership(Agent, () => Inference.WorkUnitsPerSecond),
            [new CameraGrainFactory(cameraServices), new SiteGrainFactory(new SiteGrainServices(store, options.NodeName, View, Sites, Stream, siteEvents, options.SiteAggregation, new SiteGrainMetrics(meter), loggerFactory.CreateLogger("PoseCluster.Grains.Site")))],
            options.GrainHost,
            loggerFactory);
        served.StartGrains(Inference, options, meter, loggerFactory);
        var node = meter.NodeTag;
        var m = meter.Meter;
        m.CreateObservableGauge("posecluster.node.load", () => new Measurement<double>(Math.Round(Inference.WorkUnitsPerSecond, 3), node), description: "Work units per second inferred on the node");
        m.CreateObservableGauge("posecluster.node.capacity", () => new Measurement<double>(options.Capacity, node), description: "The node's capacity budget in work units per second");
        m.CreateObservableGauge("posecluster.node.utilization", () => new Measurement<double>(Math.Round(Inference.WorkUnitsPerSecond / options.Capacity, 4), node), description: "Load divided by capacity");
        m.CreateObservableGauge("posecluster.node.inference_in_flight", () => new Measurement<int>(Inference.All.Sum(g => g.InFlight), node), description: "Frames queued or running on the node's inference grains");
        m.CreateObservableGauge("posecluster.node.grains", () => new Measurement<int>(Host.Statistics.Active, node), description: "Grains running on the node");
        m.CreateObservableGauge("posecluster.node.leader", () => new Measurement<int>(Agent.IsLeader ? 1 : 0, node), description: "1 while the node leads placement");
        m.CreateObservableGauge("posecluster.node.active", () => new Measurement<int>(Agent.State == MembershipState.Active ? 1 : 0, node), description: "1 while the node is an active member");
    }

    public SiloOptions Options { get; }

    public IClusterStore Store { get; }

    public GrainMeter Meter { get; }

    public MembershipAgent Agent { get; }

    public SiloGrainHost Host { get; }

    public InferenceDirectory Inference { get; }

    public ClusterView View { get; }

    public PeerDirectory Peers { get; }

    public PoseStreamHub Stream { get; }

    public CameraDirectory Cameras { get; }

    public SiteDirectory Sites { get; }

    public SiteResultRouter SiteRouter { get; }

    /// <summary>The pipelines this node serves.</summary>
    public IReadOnlyList<string> Pipelines => [.. _served.Pipelines.Select(p => p.Name)];

    /// <summary>The advertised data-plane address (set when joining).</summary>
    public string Address => _membershipOptions.DataPlaneAddress;

    /// <summary>Opens the store and loads the models; throws one clear exception when either fails.</summary>
    public static async Task<SiloNode> CreateAsync(SiloOptions options, ISiteEventSink siteEvents, IMeterFactory meterFactory, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        options.Validate();
        var storeOptions = StoreAddress.Parse(options.Store);
        storeOptions.ApplicationName = "posecluster-" + options.NodeName;
        var protector = CredentialProtector.FromOptions(options.Secrets);
        // Models first: a node that cannot serve what it declares must not touch the cluster at all.
        var served = ServedPipelines.Load(options, loggerFactory);
        IClusterStore store;
        try
        {
            store = await ClusterStoreFactory.OpenAsync(storeOptions, protector, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            served.Dispose();
            throw;
        }

        DataPlaneClient? client = null;
        try
        {
            client = new DataPlaneClient(options);
            return new SiloNode(options, store, served, client, new GrainMeter(meterFactory, options.NodeName), meterFactory, loggerFactory, siteEvents);
        }
        catch
        {
            client?.Dispose();
            served.Dispose();
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Joins the cluster with <paramref name="address"/> as the data-plane address; throws on a name conflict.</summary>
    public async Task JoinAsync(string address, CancellationToken cancellationToken)
    {
        _membershipOptions.DataPlaneAddress = address;
        await View.StartAsync(cancellationToken).ConfigureAwait(false);
        SiteRouter.Start();
        await Host.StartAsync(cancellationToken).ConfigureAwait(false);
        await Agent.StartAsync(cancellationToken).ConfigureAwait(false);
        _joined = true;
        _logger.LogInformation("Silo {Node} ({SiloId}) serving {Pipelines} at {Address}", Options.NodeName, Agent.SiloId, Pipelines.Count == 0 ? "no pipeline (ingest only)" : string.Join(", ", Pipelines), address);
    }

    /// <summary>Leaves gracefully: drains this node's grains to others, then stops them.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (!_joined)
        {
            return;
        }

        _joined = false;
        await Agent.StopAsync(cancellationToken).ConfigureAwait(false);
        await Host.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops without leaving, as a crash would (tests): the cluster declares the node dead after its death window.</summary>
    public async Task AbandonAsync()
    {
        _joined = false;
        await Agent.DisposeAsync().ConfigureAwait(false);
        await Host.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync().ConfigureAwait(false);
        await Host.DisposeAsync().ConfigureAwait(false);
        await SiteRouter.DisposeAsync().ConfigureAwait(false);
        await View.DisposeAsync().ConfigureAwait(false);
        Inference.Dispose();
        _served.Dispose();
        _client.Dispose();
        await Store.DisposeAsync().ConfigureAwait(false);
    }
}
