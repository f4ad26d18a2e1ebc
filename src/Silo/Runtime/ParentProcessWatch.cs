using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Local;

namespace PoseCluster.Silo.Runtime;

/// <summary>
/// Stops the silo (drain, leave, exit) when the launcher that started it is gone: the kernel re-parents an orphan, so
/// this process's parent id stops matching <see cref="SiloOptions.ParentProcessId"/>. Comparing our own parent id
/// cannot be fooled by a recycled process id.
/// </summary>
internal sealed class ParentProcessWatch : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly int _parent;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;

    public ParentProcessWatch(SiloOptions options, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory)
    {
        _parent = options.ParentProcessId ?? throw new ArgumentException("The parent watch needs a parent process id.");
        _lifetime = lifetime;
        _logger = loggerFactory.CreateLogger("PoseCluster.Silo");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            var parent = ProcessGroup.Describe(Environment.ProcessId)?.ParentId;
            if (parent is not null && parent != _parent)
            {
                _logger.LogWarning("The launcher (pid {Parent}) is gone: leaving the cluster and exiting", _parent);
                _lifetime.StopApplication();
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
