using System.Globalization;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Grains.Camera;
using PoseCluster.Grains.Dispatch;
using PoseCluster.Grains.Inference;
using PoseCluster.Grains.Site;
using PoseCluster.Grains.Streaming;
using PoseCluster.Grains.Topology;
using PoseCluster.Pose.Pipelines;
using PoseCluster.Silo.Runtime;

namespace PoseCluster.Silo;

/// <summary>
/// Everything a silo is started with: its identity and capabilities, where it listens, which store it joins, and the
/// options of each of its components. <see cref="Validate"/> runs at start and names the first invalid option in one
/// sentence; <see cref="ToString"/> describes the silo for its start-up log line with every secret redacted.
/// </summary>
public sealed class SiloOptions
{
    /// <summary>
    /// The model ids of the two pipelines an <c>auto</c> camera switches between (<c>topdown</c> and <c>bottomup-paf</c>),
    /// served when <see cref="Models"/> is left empty.
    /// </summary>
    public static IReadOnlyList<string> DefaultModels { get; } =
    [
        .. PosePipelineFactory.ModelIds(new PipelineOptions { Pipeline = new AdaptivePipelinePolicyOptions().TopDownPipeline }),
        .. PosePipelineFactory.ModelIds(new PipelineOptions { Pipeline = new AdaptivePipelinePolicyOptions().BottomUpPipeline }),
    ];

    /// <summary>Node name, unique among live silos. Default: the machine name.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>Node class: <see cref="Cluster.Membership.NodeClass.Gpu"/> (a GPU server) or <see cref="Cluster.Membership.NodeClass.Nuc"/> (a small CPU box). Default nuc.</summary>
    public NodeClass NodeClass { get; set; } = NodeClass.Nuc;

    /// <summary>Execution device of the models: cuda or cpu (CUDA falls back to CPU, logged). Default cpu.</summary>
    public ExecutionDevice Device { get; set; } = ExecutionDevice.Cpu;

    /// <summary>
    /// Model ids this silo serves (all are loaded at start: one that cannot load stops the silo). Default: the models
    /// of <c>topdown</c>. Empty after <see cref="IngestOnly"/>: the silo only ingests cameras and sends frames to peers.
    /// </summary>
    public List<string> Models { get; set; } = [.. DefaultModels];

    /// <summary>Serve no model (an ingest-only node). Default false.</summary>
    public bool IngestOnly { get; set; }

    /// <summary>Capacity budget in work units per second (a camera costs its fps x its pipeline weight of 1). Default 100.</summary>
    public double Capacity { get; set; } = 100;

    /// <summary>Where the data plane listens. Default <c>http://127.0.0.1:7100</c>; port 0 picks a free port.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:7100";

    /// <summary>
    /// The data-plane address other silos and the gateway use. Default null: the bound listen address (a wildcard host
    /// becomes the machine name).
    /// </summary>
    public string? Advertise { get; set; }

    /// <summary>The control-plane store (see <see cref="StoreAddress"/>). Default null: <c>POSECLUSTER_STORE</c> or the embedded SQLite file.</summary>
    public string? Store { get; set; }

    /// <summary>
    /// Simulated inference cost per frame in milliseconds (the models are not loaded; frames cost this much sleep and
    /// yield no persons): for scale-out benchmarks of many silos on one small machine. Default 0: real inference.
    /// </summary>
    public double SimulatedCostMs { get; set; }

    /// <summary>
    /// With a simulated cost, report the persons of this scripted scene (see <see cref="Grains.Inference.SimulatedScene.Names"/>,
    /// e.g. <c>fall</c>) instead of none: site aggregation, events and the site view can be tried without models.
    /// Default null: no persons.
    /// </summary>
    public string? SimulatedScene { get; set; }

    /// <summary>ONNX Runtime intra-op threads per session. Default 1: on small nodes several sessions and decoders share the cores.</summary>
    public int InferenceThreads { get; set; } = 1;

    /// <summary>
    /// A shared key that data-plane calls between silos (and from the gateway) must carry as <c>Authorization: Bearer</c>.
    /// Default null: the data plane is open (fine on a private network). Never logged.
    /// </summary>
    public string? DataPlaneKey { get; set; }

    /// <summary>Heartbeat interval. Default 500 ms.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Heartbeat silence after which the cluster declares the silo dead. Default 2.5 s.</summary>
    public TimeSpan DeathWindow { get; set; } = TimeSpan.FromMilliseconds(2500);

    /// <summary>
    /// The process that started this silo (a local cluster launcher): when it is no longer this process's parent (it
    /// died and the silo was re-parented), the silo leaves the cluster and exits, so it never outlives its launcher.
    /// Default null: no watch.
    /// </summary>
    public int? ParentProcessId { get; set; }

    /// <summary>Where the credential key comes from.</summary>
    public SecretOptions Secrets { get; set; } = new();

    /// <summary>Camera grain options.</summary>
    public CameraGrainOptions Camera { get; set; } = new();

    /// <summary>Inference grain options.</summary>
    public InferenceGrainOptions Inference { get; set; } = new();

    /// <summary>Remote dispatch options.</summary>
    public RemoteDispatchOptions Dispatch { get; set; } = new();

    /// <summary>Pose stream options.</summary>
    public StreamOptions Stream { get; set; } = new();

    /// <summary>Site result forwarding options.</summary>
    public SiteRoutingOptions Sites { get; set; } = new();

    /// <summary>Site grain options (aggregation, snapshots, history).</summary>
    public SiteGrainOptions SiteAggregation { get; set; } = new();

    /// <summary>Grain host options.</summary>
    public GrainHostOptions GrainHost { get; set; } = new();

    /// <summary>Placement options (used while this silo leads placement).</summary>
    public PlacementOptions Placement { get; set; } = new();

    /// <summary>Cluster view options.</summary>
    public ClusterViewOptions View { get; set; } = new();

    /// <summary>The models served: none for an ingest-only silo, else <see cref="Models"/> without duplicates.</summary>
    public IReadOnlyList<string> ServedModels => IngestOnly ? [] : Models.Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option in one sentence.</summary>
    public void Validate()
    {
        Membership(dataPlaneAddress: "").Validate();
        if (!IngestOnly && Models.Count == 0)
        {
            throw new ArgumentException("The silo serves no model: name models, or start it ingest-only.");
        }

        if (!Uri.TryCreate(Listen, UriKind.Absolute, out var listen) || listen.Scheme is not ("http" or "https") || listen.AbsolutePath != "/")
        {
            throw new ArgumentException($"The listen address '{Listen}' must be an http(s)://host:port URL.");
        }

        if (Advertise is not null && (!Uri.TryCreate(Advertise, UriKind.Absolute, out var advertise) || advertise.Scheme is not ("http" or "https") || advertise.Port == 0))
        {
            throw new ArgumentException($"The advertised address '{Advertise}' must be an http(s)://host:port URL with a fixed port.");
        }

        if (SimulatedScene is { } scene && (SimulatedCostMs <= 0 || !Grains.Inference.SimulatedScene.Names.Contains(scene)))
        {
            throw new ArgumentException(
                $"The simulated scene '{scene}' needs a simulated cost > 0 and one of the scenes: {string.Join(", ", Grains.Inference.SimulatedScene.Names)}.");
        }

        if (!double.IsFinite(SimulatedCostMs) || SimulatedCostMs is < 0 or > 60_000)
        {
            throw new ArgumentException($"The simulated cost must be between 0 and 60000 ms per frame (was {SimulatedCostMs.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (InferenceThreads is < 0 or > 256)
        {
            throw new ArgumentException($"The inference threads must be between 0 and 256 (was {InferenceThreads}).");
        }

        if (DataPlaneKey is { } key && (key.Length < 16 || key.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("The data-plane key must be at least 16 characters without spaces.");
        }

        if (ParentProcessId is <= 1)
        {
            throw new ArgumentException($"The parent process id must be above 1 (was {ParentProcessId}).");
        }

        StoreAddress.Parse(Store).Validate();
        Secrets.Validate();
        Camera.Validate();
        Inference.Validate();
        Dispatch.Validate();
        Stream.Validate();
        Sites.Validate();
        SiteAggregation.Validate();
        GrainHost.Validate();
        Placement.Validate();
        View.Validate();
    }

    /// <summary>The membership options of this silo.</summary>
    public MembershipOptions Membership(string dataPlaneAddress) => new()
    {
        NodeName = NodeName,
        NodeClass = NodeClass,
        Device = Device,
        Models = [.. ServedModels],
        Capacity = Capacity,
        DataPlaneAddress = dataPlaneAddress,
        HeartbeatInterval = HeartbeatInterval,
        DeathWindow = DeathWindow,
    };

    /// <summary>A one-line description for logs: identity, capabilities, addresses, store (without password), modes.</summary>
    public override string ToString()
    {
        string store;
        try
        {
            store = StoreAddress.Describe(StoreAddress.Parse(Store));
        }
        catch (ArgumentException)
        {
            store = "(invalid store)";
        }

        var models = IngestOnly ? "none (ingest only)" : string.Join(", ", ServedModels);
        var simulated = SimulatedCostMs > 0 ? string.Create(CultureInfo.InvariantCulture, $", simulated inference {SimulatedCostMs} ms/frame") : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"silo {NodeName}: {WireNames.Of(NodeClass)}/{WireNames.Of(Device)}, models {models}, capacity {Capacity}, listen {Listen}"
            + $"{(Advertise is null ? "" : $", advertise {Advertise}")}, store {store}, batches of {Inference.MaxBatch} within {Inference.MaxWait.TotalMilliseconds} ms, "
            + $"dispatch {Dispatch.Policy}{simulated}{(DataPlaneKey is null ? "" : ", data-plane key set")}");
    }
}
