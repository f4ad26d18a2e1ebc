namespace PoseCluster.AppHost.ClusterBench;

/// <summary>CPU time a process has used so far (user + system, from <c>/proc/PID/stat</c>).</summary>
internal static class ProcessCpuTime
{
    // USER_HZ: the unit of /proc's times; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of CPU used by <paramref name="processId"/>, or 0 when it is gone.</summary>
    public static double Seconds(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the command name: state(0) ppid(1) ... utime(11) stime(12).
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
