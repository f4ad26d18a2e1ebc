using System.Globalization;
using PoseCluster.Cluster.Local;
using PoseCluster.Cluster.Membership;
using PoseCluster.Pose;

namespace PoseCluster.AppHost.Local;

/// <summary>
/// What a local cluster (<see cref="LocalCluster"/>) runs on this machine: a private PostgreSQL, silos of chosen
/// classes, extra processes, camera simulators and the cameras registered on them. <see cref="Validate"/> names the
/// first invalid option in one sentence.
/// </summary>
internal sealed class LocalClusterOptions
{
    /// <summary>The environment variable every process of a run carries (its run name): how tests find stragglers.</summary>
    public const string RunMarkerVariable = "POSECLUSTER_RUN";

    /// <summary>Name of this run; names its log folder. Default: the start time, <c>yyyyMMdd-HHmmss</c>.</summary>
    public string RunName { get; set; } = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>The PoseCluster home. Default: <see cref="PoseClusterHome.Root"/>.</summary>
    public string? HomeDirectory { get; set; }

    /// <summary>Folder of the per-process logs. Default <c>HOME/.posecluster/logs/RUN</c>.</summary>
    public string? LogDirectory { get; set; }

    /// <summary>Folder holding <c>PoseCluster.Silo.dll</c>. Default: the folder of the running <c>posecluster.dll</c>.</summary>
    public string BinDirectory { get; set; } = AppContext.BaseDirectory;

    /// <summary>The silos to start, in order (named gpu1, nuc1, nuc2, ...). Default one nuc silo.</summary>
    public List<SiloGroup> Silos { get; set; } = [new(NodeClass.Nuc, 1)];

    /// <summary>Simulated inference cost per frame in ms (sleep; no models are loaded). Default 0: the real models.</summary>
    public double SimulatedCostMs { get; set; }

    /// <summary>Extra arguments for every silo (e.g. <c>--workers 2</c>). Default none.</summary>
    public List<string> SiloArguments { get; set; } = [];

    /// <summary>
    /// First of the fixed loopback ports: PostgreSQL on P, the RTSP simulator on P+1, extra processes on P+2..P+9
    /// (their <c>{port}</c>), silos on P+10 onwards. Default 0: free ports everywhere.
    /// </summary>
    public int PortBase { get; set; }

    /// <summary>How many cameras to register (named <see cref="CameraPrefix"/>01, 02, ...). Default 0.</summary>
    public int Cameras { get; set; }

    /// <summary>Target frames per second of each camera. Default 5.</summary>
    public double CameraFps { get; set; } = 5;

    /// <summary>Where the cameras come from. Default live RTSP streams.</summary>
    public LocalCameraSource CameraSource { get; set; } = LocalCameraSource.Rtsp;

    /// <summary>Videos the cameras show, assigned round-robin. Default: every <c>*.mp4</c> and <c>*.avi</c> of the shared media.</summary>
    public List<string> Videos { get; set; } = [];

    /// <summary>Camera name prefix. Default <c>cam</c>.</summary>
    public string CameraPrefix { get; set; } = "cam";

    /// <summary>
    /// More processes to run once the silos are healthy (the gateway): health-gated like the silos, stopped before
    /// them. <c>{store}</c>, <c>{bin}</c>, <c>{home}</c>, <c>{logs}</c> and <c>{port}</c> (a port of its own) are
    /// replaced in arguments, environment values and the health URL. Default none.
    /// </summary>
    public List<LocalProcessSpec> ExtraProcesses { get; set; } = [];

    /// <summary>Longest wait for any process to become healthy. Default 90 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long each process may take to stop gracefully before its process group is killed. Default 15 s.</summary>
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Frame rate of the RTSP simulator's streams (the clips are encoded at it). Default 10.</summary>
    public int SimulatorFps { get; set; } = 10;

    /// <summary>Height of the RTSP simulator's streams. Default 360.</summary>
    public int SimulatorHeight { get; set; } = 360;

    /// <summary>The home folder (resolved).</summary>
    public string Home => HomeDirectory ?? PoseClusterHome.RequireRoot();

    /// <summary>The log folder (resolved).</summary>
    public string Logs => LogDirectory ?? Path.Combine(Home, ".posecluster", "logs", RunName);

    /// <summary>Silo names in start order: gpu1, nuc1, nuc2 ...</summary>
    public IReadOnlyList<(string Name, NodeClass Class)> SiloNames()
    {
        var names = new List<(string, NodeClass)>();
        var counters = new Dictionary<NodeClass, int>();
        foreach (var group in Silos)
        {
            for (var i = 0; i < group.Count; i++)
            {
                var n = counters[group.Class] = counters.GetValueOrDefault(group.Class) + 1;
                names.Add((string.Create(CultureInfo.InvariantCulture, $"{Cluster.WireNames.Of(group.Class)}{n}"), group.Class));
            }
        }

        return names;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(RunName) || RunName.Length > 64 || !RunName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"The run name '{RunName}' must be 1-64 letters, digits, '-', '_' or '.'.");
        }

        var silos = Silos.Sum(g => g.Count);
        if (silos is < 1 or > 32)
        {
            throw new ArgumentException($"A local cluster runs 1 to 32 silos (was {silos}).");
        }

        if (!double.IsFinite(SimulatedCostMs) || SimulatedCostMs is < 0 or > 60_000)
        {
            throw new ArgumentException("The simulated cost must be between 0 and 60000 ms per frame.");
        }

        if (PortBase != 0 && PortBase is < 1024 or > 65535 - 10 - 32)
        {
            throw new ArgumentException($"The port base must be between 1024 and {65535 - 10 - 32} (was {PortBase}).");
        }

        if (Cameras is < 0 or > 1000)
        {
            throw new ArgumentException($"The camera count must be between 0 and 1000 (was {Cameras}).");
        }

        if (!double.IsFinite(CameraFps) || CameraFps is <= 0 or > 60)
        {
            throw new ArgumentException("The camera frame rate must be above 0 and at most 60.");
        }

        if (string.IsNullOrEmpty(CameraPrefix) || !CameraPrefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"The camera prefix '{CameraPrefix}' must be lower-case letters, digits or '-'.");
        }

        if (ExtraProcesses.Count > 8)
        {
            throw new ArgumentException("A local cluster runs at most 8 extra processes.");
        }

        var names = SiloNames().Select(s => s.Name).Concat(ExtraProcesses.Select(p => p.Name)).Concat(["postgres", "cameras"]).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ArgumentException("Every process of a local cluster needs its own name (postgres, cameras and the silo names are taken).");
        }

        foreach (var spec in ExtraProcesses)
        {
            spec.Validate();
        }

        foreach (var video in Videos)
        {
            if (!File.Exists(video))
            {
                throw new ArgumentException($"The video '{video}' does not exist.");
            }
        }

        if (StartTimeout <= TimeSpan.Zero || StopGrace < TimeSpan.Zero)
        {
            throw new ArgumentException("The start timeout must be positive and the stop grace not negative.");
        }

        if (SimulatorFps is < 1 or > 60 || SimulatorHeight is < 64 or > 2160)
        {
            throw new ArgumentException("The simulator frame rate must be 1-60 and its height 64-2160.");
        }

        if (!File.Exists(Path.Combine(BinDirectory, "PoseCluster.Silo.dll")))
        {
            throw new ArgumentException($"The silo executable PoseCluster.Silo.dll is not in '{BinDirectory}'.");
        }
    }
}
