using System.Globalization;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store;
using PoseCluster.Gateway.Auth;
using PoseCluster.Gateway.Live;
using PoseCluster.Pose;

namespace PoseCluster.Gateway;

/// <summary>
/// Everything the gateway is started with: where it listens, which store it reads, which media folders file cameras may
/// use, and the options of its parts. <see cref="Validate"/> runs at start and names the first invalid option in one
/// sentence; <see cref="ToString"/> describes the gateway for its start-up log line with every secret left out.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>The environment variable holding the data-plane key the silos expect (shared with the silos).</summary>
    public const string DataPlaneKeyVariable = "POSECLUSTER_DATA_PLANE_KEY";

    /// <summary>The environment variable listing media folders (separated by the path separator, ':' on Linux).</summary>
    public const string MediaVariable = "POSECLUSTER_MEDIA";

    /// <summary>Where the API and the dashboard listen. Default <c>http://127.0.0.1:8080</c>; port 0 picks a free port.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The control-plane store (see <see cref="ClusterStoreAddress"/>). Default null: <c>POSECLUSTER_STORE</c> or the embedded SQLite file.</summary>
    public string? Store { get; set; }

    /// <summary>Where the credential key comes from (the gateway encrypts camera credentials it registers).</summary>
    public SecretOptions Secrets { get; set; } = new();

    /// <summary>The data-plane key silos require (<c>Authorization: Bearer</c>). Default null: open data plane. Never logged.</summary>
    public string? DataPlaneKey { get; set; }

    /// <summary>
    /// Folders whose video files may be camera sources (<c>file://</c>, plain paths and <c>replay://</c>); anything
    /// else is refused. Default: <c>POSECLUSTER_MEDIA</c>, else the shared media folder beside the checkout when it exists.
    /// </summary>
    public List<string> MediaFolders { get; set; } = DefaultMediaFolders();

    /// <summary>The dashboard's files. Default: <c>dashboard/</c> beside the gateway assembly.</summary>
    public string DashboardRoot { get; set; } = Path.Combine(AppContext.BaseDirectory, "dashboard");

    /// <summary>Logins, sessions and API keys.</summary>
    public GatewayAuthOptions Auth { get; set; } = new();

    /// <summary>The live feed: silo streams, browser queues, thumbnails.</summary>
    public LiveFeedOptions Live { get; set; } = new();

    /// <summary>Request limits of the API.</summary>
    public ApiLimitOptions Limits { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option in one sentence.</summary>
    public void Validate()
    {
        if (!Uri.TryCreate(Listen, UriKind.Absolute, out var listen) || listen.Scheme is not ("http" or "https") || listen.AbsolutePath != "/")
        {
            throw new ArgumentException($"The listen address '{Listen}' must be an http(s)://host:port URL.");
        }

        if (DataPlaneKey is { } key && (key.Length < 16 || key.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("The data-plane key must be at least 16 characters without spaces.");
        }

        foreach (var folder in MediaFolders)
        {
            if (string.IsNullOrWhiteSpace(folder) || !Path.IsPathRooted(folder))
            {
                throw new ArgumentException($"The media folder '{folder}' must be an absolute path.");
            }
        }

        if (string.IsNullOrWhiteSpace(DashboardRoot))
        {
            throw new ArgumentException("The dashboard folder must be set.");
        }

        ClusterStoreAddress.Parse(Store).Validate();
        Secrets.Validate();
        Auth.Validate();
        Live.Validate();
        Limits.Validate();
    }

    /// <summary>A one-line description for logs (no password, key or store password).</summary>
    public override string ToString()
    {
        string store;
        try
        {
            store = ClusterStoreAddress.Describe(ClusterStoreAddress.Parse(Store));
        }
        catch (ArgumentException)
        {
            store = "(invalid store)";
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"gateway: listen {Listen}, store {store}, media {(MediaFolders.Count == 0 ? "(none: file sources refused)" : string.Join(", ", MediaFolders))}, "
            + $"browser queues of {Live.ClientQueueCapacity} messages{(DataPlaneKey is null ? "" : ", data-plane key set")}");
    }

    private static List<string> DefaultMediaFolders()
    {
        var env = Environment.GetEnvironmentVariable(MediaVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return [.. env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath)];
        }

        var shared = Environment.GetEnvironmentVariable("POSECLUSTER_SHARED");
        var root = !string.IsNullOrWhiteSpace(shared) ? shared : PoseClusterHome.Root is { } home ? Path.Combine(home, "..", "shared") : null;
        var media = root is null ? null : Path.GetFullPath(Path.Combine(root, "media"));
        return media is not null && Directory.Exists(media) ? [media] : [];
    }
}
