using System.Text;
using PoseCluster.AppHost.Local;

namespace PoseCluster.AppHost.Tests.Local;

/// <summary>
/// Every live process of a local-cluster run, found in <c>/proc</c> by the run marker the launcher gives each process it
/// starts (silos, their ffmpeg decoders, the camera simulator, PostgreSQL and its backends, the orphan guard).
/// </summary>
internal static class RunProcesses
{
    public static IReadOnlyList<string> Of(string run)
    {
        var marker = Encoding.UTF8.GetBytes($"{LocalClusterOptions.RunMarkerVariable}={run}\0");
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, out _))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllBytes(Path.Combine(dir, "environ"));
                var at = environment.AsSpan().IndexOf(marker);
                if (at == 0 || (at > 0 && environment[at - 1] == 0))
                {
                    var command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                    found.Add($"{name}: {(command.Length > 140 ? command[..140] : command)}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return found;
    }
}
