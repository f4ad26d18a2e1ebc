namespace PoseCluster.Cluster.Local;

/// <summary>The POSIX signals the local process machinery sends (Linux numbers).</summary>
public enum ProcessSignal
{
    /// <summary>SIGHUP.</summary>
    Hangup = 1,

    /// <summary>SIGINT: what Ctrl+C sends; PostgreSQL's fast shutdown.</summary>
    Interrupt = 2,

    /// <summary>SIGQUIT.</summary>
    Quit = 3,

    /// <summary>SIGKILL: cannot be caught.</summary>
    Kill = 9,

    /// <summary>SIGTERM: a polite request to stop (a silo drains, then leaves).</summary>
    Terminate = 15,
}
