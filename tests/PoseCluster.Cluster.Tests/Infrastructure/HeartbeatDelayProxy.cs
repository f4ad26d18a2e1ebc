using System.Reflection;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Store;

namespace PoseCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// Wraps a store and, while <see cref="Delay"/> is set, delays every heartbeat by it and then fails it: a silo
/// whose link to the store is slow or cut, while everything else still works.
/// </summary>
public class HeartbeatDelayProxy : DispatchProxy
{
    private IClusterStore _target = null!;

    public TimeSpan? Delay { get; set; }

    public static (IClusterStore Store, HeartbeatDelayProxy Control) Wrap(IClusterStore target)
    {
        var store = Create<IClusterStore, HeartbeatDelayProxy>();
        var control = (HeartbeatDelayProxy)(object)store;
        control._target = target;
        return (store, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IMembershipStore.HeartbeatAsync) && Delay is { } delay)
        {
            return DelayedFailureAsync(delay, (CancellationToken)args![2]!);
        }

        try
        {
            return targetMethod.Invoke(_target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private static async Task<HeartbeatResult> DelayedFailureAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        throw new TimeoutException("simulated network delay");
    }
}
