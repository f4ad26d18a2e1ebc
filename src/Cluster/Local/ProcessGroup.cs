using System.Runtime.InteropServices;

namespace PoseCluster.Cluster.Local;

/// <summary>
/// Signals to a single process or to a whole process group (<c>kill(2)</c> with a negative id), and the group and
/// parent of a process as <c>/proc</c> reports them. Linux only.
/// </summary>
public static class ProcessGroup
{
    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="groupId"/>; false when the group is empty.</summary>
    public static bool Signal(int groupId, ProcessSignal signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(groupId, 1);
        return Send(-groupId, signal);
    }

    /// <summary>Sends <paramref name="signal"/> to the process <paramref name="processId"/> only; false when it is gone.</summary>
    public static bool SignalProcess(int processId, ProcessSignal signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(processId, 1);
        return Send(processId, signal);
    }

    /// <summary>Whether any process of group <paramref name="groupId"/> still exists (zombies included).</summary>
    public static bool Exists(int groupId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(groupId, 1);
        return Kill(-groupId, 0) == 0 || Marshal.GetLastPInvokeError() != NoSuchProcess;
    }

    /// <summary>The process group and parent of <paramref name="processId"/> from <c>/proc/PID/stat</c>, or null when it is gone.</summary>
    public static (int GroupId, int ParentId)? Describe(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so parse after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 2 && int.TryParse(fields[1], out var parent) && int.TryParse(fields[2], out var group) ? (group, parent) : null;
    }

    private static bool Send(int target, ProcessSignal signal)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("Process groups need Linux or macOS.");
        }

        return Kill(target, (int)signal) == 0;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
