namespace PoseCluster.AppHost.Commands;

/// <summary>A one-line description of this machine for benchmark reports.</summary>
internal static class MachineDescription
{
    public static string Describe()
    {
        var model = "unknown CPU";
        try
        {
            model = File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? model;
        }
        catch (IOException)
        {
        }

        return $"{model}, {Environment.ProcessorCount} logical cores, {Environment.OSVersion.VersionString}, .NET {Environment.Version}";
    }
}
