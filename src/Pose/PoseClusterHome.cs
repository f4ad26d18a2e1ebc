namespace PoseCluster.Pose;

/// <summary>
/// Locates the PoseCluster installation: the folder that holds <c>models/catalog.json</c>. Installed runtime
/// pieces (the ONNX Runtime library) live under its <c>.posecluster/</c> folder, model binaries under <c>models/</c>.
/// </summary>
public static class PoseClusterHome
{
    /// <summary>Environment variable that overrides the discovered root.</summary>
    public const string EnvironmentVariable = "POSECLUSTER_HOME";

    private static readonly Lazy<string?> Discovered = new(Discover);

    /// <summary>The root folder, or null when none is found.</summary>
    public static string? Root => Discovered.Value;

    /// <summary>The root folder; throws a clear error when there is none.</summary>
    public static string RequireRoot() => Root ?? throw new DirectoryNotFoundException(
        $"PoseCluster's home (a folder with models/catalog.json) was not found above '{AppContext.BaseDirectory}' " +
        $"or the current directory; set {EnvironmentVariable}.");

    /// <summary>Folder of the installed native runtime pieces.</summary>
    public static string RuntimeDirectory => Path.Combine(RequireRoot(), ".posecluster", "runtime");

    /// <summary>Folder of the model catalog and installed model files.</summary>
    public static string ModelsDirectory => Path.Combine(RequireRoot(), "models");

    private static string? Discover()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        return FindUpwards(AppContext.BaseDirectory) ?? FindUpwards(Directory.GetCurrentDirectory());
    }

    private static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "models", "catalog.json")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
