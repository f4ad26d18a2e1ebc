using System.Diagnostics;
using PoseCluster.Cluster.Grains;

namespace PoseCluster.Cluster.Tests.Infrastructure;

/// <summary>Every activation of every test grain: grain, silo, epoch, start and end (the moment its epoch token fired).</summary>
public sealed class ActivationLog
{
    private readonly Lock _gate = new();
    private readonly List<ActivationRecord> _records = [];

    public ActivationRecord Begin(GrainActivation activation, string silo)
    {
        var record = new ActivationRecord(activation.Id, silo, activation.SiloId, activation.Epoch, Stopwatch.GetTimestamp());
        lock (_gate)
        {
            _records.Add(record);
        }

        return record;
    }

    public void End(ActivationRecord record, DeactivationReason? reason)
    {
        lock (_gate)
        {
            record.End ??= Stopwatch.GetTimestamp();
            record.Reason ??= reason;
        }
    }

    public IReadOnlyList<ActivationRecord> Snapshot()
    {
        lock (_gate)
        {
            return _records.Select(r => r.Copy()).ToList();
        }
    }

    /// <summary>Activations running now.</summary>
    public IReadOnlyList<ActivationRecord> Running() => Snapshot().Where(r => r.End is null).ToList();

    /// <summary>
    /// Single activation: two activations of one grain on different silos overlap by at most
    /// <paramref name="fencingWindow"/>, and epochs only grow (equal only when the same silo re-runs the same
    /// assignment after a self-fence).
    /// </summary>
    public void AssertSingleActivation(TimeSpan fencingWindow)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var group in Snapshot().GroupBy(r => r.Grain))
        {
            var records = group.OrderBy(r => r.Start).ToList();
            for (var i = 0; i < records.Count; i++)
            {
                for (var j = i + 1; j < records.Count; j++)
                {
                    var a = records[i];
                    var b = records[j];
                    var overlap = Stopwatch.GetElapsedTime(Math.Max(a.Start, b.Start), Math.Min(a.End ?? now, b.End ?? now));
                    if (a.SiloId != b.SiloId)
                    {
                        Assert.True(overlap <= fencingWindow, $"{group.Key}: {a} and {b} overlapped for {overlap.TotalMilliseconds:0} ms (> {fencingWindow.TotalMilliseconds:0} ms)");
                    }
                    else
                    {
                        Assert.True(overlap <= TimeSpan.Zero, $"{group.Key}: two concurrent activations on one silo: {a} and {b}");
                    }
                }

                if (i > 0)
                {
                    var previous = records[i - 1];
                    var current = records[i];
                    Assert.True(
                        current.Epoch > previous.Epoch || current.Epoch == previous.Epoch && current.SiloId == previous.SiloId,
                        $"{group.Key}: epoch went from {previous} to {current}");
                }
            }

            var bySilo = records.GroupBy(r => r.Epoch).Where(e => e.Select(r => r.SiloId).Distinct().Count() > 1).ToList();
            Assert.True(bySilo.Count == 0, $"{group.Key}: epoch {bySilo.FirstOrDefault()?.Key} was held by two silos");
        }
    }
}

public sealed class ActivationRecord
{
    public ActivationRecord(GrainId grain, string silo, Guid siloId, long epoch, long start)
    {
        Grain = grain;
        Silo = silo;
        SiloId = siloId;
        Epoch = epoch;
        Start = start;
    }

    public GrainId Grain { get; }

    public string Silo { get; }

    public Guid SiloId { get; }

    public long Epoch { get; }

    public long Start { get; }

    public long? End { get; set; }

    public DeactivationReason? Reason { get; set; }

    public ActivationRecord Copy() => new(Grain, Silo, SiloId, Epoch, Start) { End = End, Reason = Reason };

    public override string ToString() => $"[{Silo} epoch {Epoch} {(End is null ? "running" : $"ended ({Reason})")}]";
}
