using System.Diagnostics.Metrics;
using PoseCluster.Grains.Telemetry;

namespace PoseCluster.Silo.Webhooks;

/// <summary>The webhook delivery instruments, on the node's grain meter (every measurement carries <c>node</c>).</summary>
internal sealed class WebhookMeter
{
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _dropped;
    private readonly KeyValuePair<string, object?> _node;
    private readonly KeyValuePair<string, object?>[] _delivered;
    private readonly KeyValuePair<string, object?>[] _retried;
    private readonly KeyValuePair<string, object?>[] _failed;

    public WebhookMeter(GrainMeter meter, Func<int> queued)
    {
        _node = meter.NodeTag;
        _deliveries = meter.Meter.CreateCounter<long>(
            "posecluster.webhook.deliveries", description: "Webhook delivery outcomes: delivered (2xx), retried (an attempt to be repeated), failed (given up)");
        _dropped = meter.Meter.CreateCounter<long>("posecluster.webhook.dropped", description: "Site events dropped from a full webhook queue (oldest first)");
        meter.Meter.CreateObservableGauge("posecluster.webhook.queued", () => new Measurement<int>(queued(), _node), description: "Site events waiting for webhook delivery");
        _delivered = [_node, new("outcome", "delivered")];
        _retried = [_node, new("outcome", "retried")];
        _failed = [_node, new("outcome", "failed")];
    }

    public void Delivered() => _deliveries.Add(1, _delivered);

    public void Retried() => _deliveries.Add(1, _retried);

    public void Failed() => _deliveries.Add(1, _failed);

    public void Dropped() => _dropped.Add(1, _node);
}
