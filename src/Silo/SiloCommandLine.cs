using System.CommandLine;
using PoseCluster.Cluster;
using PoseCluster.Grains.Dispatch;

namespace PoseCluster.Silo;

/// <summary>
/// The silo's command line, shared by the silo executable and <c>posecluster silo</c>: every option maps to a
/// <see cref="SiloOptions"/> property with the same default.
/// </summary>
public static class SiloCommandLine
{
    /// <summary>The environment variable holding the data-plane key (preferred over the command line, which other users can read).</summary>
    public const string DataPlaneKeyVariable = "POSECLUSTER_DATA_PLANE_KEY";

    /// <summary>A command named <paramref name="name"/> that parses the options and runs <paramref name="run"/> with them.</summary>
    public static Command CreateCommand(string name, Func<SiloOptions, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, "Start a PoseCluster node (silo) that joins the cluster, runs the cameras placed on it and serves inference.");
        Configure(command, run);
        return command;
    }

    /// <summary>The root command of the silo executable.</summary>
    public static RootCommand CreateRoot(Func<SiloOptions, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand("PoseCluster silo: a node that joins the cluster, runs the cameras placed on it and serves inference.");
        Configure(root, run);
        return root;
    }

    private static void Configure(Command command, Func<SiloOptions, CancellationToken, Task<int>> run)
    {
        var defaults = new SiloOptions();
        var name = new Option<string>("--name", "-n") { Description = "Node name, unique among live silos (default: the machine name).", DefaultValueFactory = _ => defaults.NodeName };
        var nodeClass = new Option<string>("--class") { Description = "Node class: gpu or nuc.", DefaultValueFactory = _ => "nuc" };
        var device = new Option<string>("--device") { Description = "Execution device: cuda or cpu (CUDA falls back to CPU, logged).", DefaultValueFactory = _ => "cpu" };
        var models = new Option<string>("--models")
        {
            Description = $"Model ids served, comma-separated, or 'none' for an ingest-only node (default: {string.Join(",", SiloOptions.DefaultModels)}).",
            DefaultValueFactory = _ => string.Join(",", SiloOptions.DefaultModels),
        };
        var capacity = new Option<double>("--capacity") { Description = "Capacity budget in work units per second (a camera costs its fps).", DefaultValueFactory = _ => defaults.Capacity };
        var listen = new Option<string>("--listen") { Description = "Data-plane listen URL (port 0 picks a free port).", DefaultValueFactory = _ => defaults.Listen };
        var advertise = new Option<string?>("--advertise") { Description = "Data-plane URL other nodes use (default: the bound listen address)." };
        var store = new Option<string?>("--store")
        {
            Description = "Cluster store: a PostgreSQL connection string or postgres:// URL, or an SQLite file (default: POSECLUSTER_STORE, else .posecluster/cluster.db).",
        };
        var simulated = new Option<double>("--simulated-cost-ms") { Description = "Simulate inference at this many ms per frame instead of running the models (0 = real).", DefaultValueFactory = _ => 0 };
        var scene = new Option<string?>("--simulated-scene") { Description = "With --simulated-cost-ms, report the persons of a scripted scene (fall) instead of none." };
        var blurHeads = new Option<bool>("--blur-heads") { Description = "Hide heads (from the face keypoints) on the thumbnails this node serves." };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads per session (0 = one per core).", DefaultValueFactory = _ => defaults.InferenceThreads };
        var maxBatch = new Option<int>("--max-batch") { Description = "Most frames per inference batch.", DefaultValueFactory = _ => defaults.Inference.MaxBatch };
        var maxWait = new Option<double>("--max-wait-ms") { Description = "Longest a frame waits for its batch to fill.", DefaultValueFactory = _ => defaults.Inference.MaxWait.TotalMilliseconds };
        var workers = new Option<int>("--workers") { Description = "Inference workers per pipeline.", DefaultValueFactory = _ => defaults.Inference.Workers };
        var queue = new Option<int>("--inference-queue") { Description = "Frames an inference grain queues before dropping the oldest.", DefaultValueFactory = _ => defaults.Inference.QueueCapacity };
        var saturation = new Option<int>("--saturation") { Description = "In-flight frames from which the node offloads to peers (0 = two batches per worker).", DefaultValueFactory = _ => 0 };
        var policy = new Option<string>("--policy") { Description = $"Peer selection: {string.Join(", ", PeerSelectionPolicies.Names)}.", DefaultValueFactory = _ => defaults.Dispatch.Policy };
        var frameWidth = new Option<int?>("--frame-width") { Description = "Scale camera frames to this width (default: the source's)." };
        var heartbeat = new Option<double>("--heartbeat-ms") { Description = "Heartbeat interval.", DefaultValueFactory = _ => defaults.HeartbeatInterval.TotalMilliseconds };
        var deathWindow = new Option<double>("--death-window-ms") { Description = "Heartbeat silence after which the node is declared dead.", DefaultValueFactory = _ => defaults.DeathWindow.TotalMilliseconds };
        var keyFile = new Option<string?>("--secret-key-file") { Description = "Credential key file (default: POSECLUSTER_SECRET_KEY, else .posecluster/secret.key)." };
        var parentPid = new Option<int?>("--parent-pid") { Description = "Leave and exit when this process (the launcher that started the silo) is no longer its parent." };
        foreach (var option in new Option[] { name, nodeClass, device, models, capacity, listen, advertise, store, simulated, scene, blurHeads, threads, maxBatch, maxWait, workers, queue, saturation, policy, frameWidth, heartbeat, deathWindow, keyFile, parentPid })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            SiloOptions options;
            try
            {
                options = new SiloOptions
                {
                    NodeName = parse.GetValue(name)!,
                    NodeClass = WireNames.ParseNodeClass(parse.GetValue(nodeClass)!),
                    Device = WireNames.ParseDevice(parse.GetValue(device)!),
                    Capacity = parse.GetValue(capacity),
                    Listen = parse.GetValue(listen)!,
                    Advertise = parse.GetValue(advertise),
                    Store = parse.GetValue(store),
                    SimulatedCostMs = parse.GetValue(simulated),
                    SimulatedScene = parse.GetValue(scene),
                    InferenceThreads = parse.GetValue(threads),
                    DataPlaneKey = Environment.GetEnvironmentVariable(DataPlaneKeyVariable) is { Length: > 0 } key ? key : null,
                    HeartbeatInterval = TimeSpan.FromMilliseconds(parse.GetValue(heartbeat)),
                    DeathWindow = TimeSpan.FromMilliseconds(parse.GetValue(deathWindow)),
                    ParentProcessId = parse.GetValue(parentPid),
                };
                var modelList = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (modelList is ["none"])
                {
                    options.IngestOnly = true;
                    options.Models = [];
                }
                else
                {
                    options.Models = [.. modelList];
                }

                options.Inference.MaxBatch = parse.GetValue(maxBatch);
                options.Inference.MaxWait = TimeSpan.FromMilliseconds(parse.GetValue(maxWait));
                options.Inference.Workers = parse.GetValue(workers);
                options.Inference.QueueCapacity = parse.GetValue(queue);
                options.Inference.SaturationThreshold = parse.GetValue(saturation);
                options.Dispatch.Policy = parse.GetValue(policy)!;
                options.Camera.FrameWidth = parse.GetValue(frameWidth);
                options.Camera.BlurHeads = parse.GetValue(blurHeads);
                if (parse.GetValue(keyFile) is { } file)
                {
                    options.Secrets.KeyFilePath = Path.GetFullPath(file);
                }

                options.Validate();
            }
            catch (Exception e) when (e is ArgumentException or ClusterException or FormatException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return SiloHost.UserError;
            }

            return await run(options, cancellationToken).ConfigureAwait(false);
        });
    }
}
