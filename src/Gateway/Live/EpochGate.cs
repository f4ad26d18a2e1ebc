using System.Collections.Concurrent;

namespace PoseCluster.Gateway.Live;

/// <summary>
/// The highest epoch seen per camera. When a camera moves, its new silo's messages carry a higher epoch; messages
/// of lower epochs (the old silo finishing its last frames) are refused so the browser never sees two owners.
/// </summary>
public sealed class EpochGate
{
    private readonly ConcurrentDictionary<Guid, long> _highest = new();

    /// <summary>Whether a message of <paramref name="epoch"/> for <paramref name="camera"/> is current (and records it).</summary>
    public bool Accept(Guid camera, long epoch)
    {
        while (true)
        {
            if (!_highest.TryGetValue(camera, out var highest))
            {
                if (_highest.TryAdd(camera, epoch))
                {
                    return true;
                }

                continue;
            }

            if (epoch < highest)
            {
                return false;
            }

            if (epoch == highest || _highest.TryUpdate(camera, epoch, highest))
            {
                return true;
            }
        }
    }

    /// <summary>The highest epoch seen for a camera (0 when none).</summary>
    public long Highest(Guid camera) => _highest.GetValueOrDefault(camera);
}
