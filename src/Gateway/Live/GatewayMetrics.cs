using System.Diagnostics.Metrics;

namespace PoseCluster.Gateway.Live;

/// <summary>The gateway's meter (<c>PoseCluster.Gateway</c>, exported on <c>/metrics</c>).</summary>
public sealed class GatewayMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "PoseCluster.Gateway";

    private readonly Counter<long> _streamMessages;
    private readonly Counter<long> _clientMessages;
    private readonly Histogram<double> _captureToGateway;
    private readonly Meter _meter;
    private Func<int> _clients = () => 0;
    private Func<int> _streams = () => 0;

    /// <summary>Creates the instruments.</summary>
    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _streamMessages = _meter.CreateCounter<long>("posecluster.gateway.stream_messages", description: "Messages read from silo pose streams, by kind and outcome (accepted, stale epoch)");
        _clientMessages = _meter.CreateCounter<long>("posecluster.gateway.client_messages", description: "Live-feed messages per outcome: sent to a browser, dropped from its full queue, throttled by its rate limit");
        _captureToGateway = _meter.CreateHistogram<double>("posecluster.gateway.capture_to_gateway_ms", "ms", "Frame capture to receipt by the gateway");
        _meter.CreateObservableGauge("posecluster.gateway.clients", () => _clients(), description: "Live-feed browser connections");
        _meter.CreateObservableGauge("posecluster.gateway.silo_streams", () => _streams(), description: "Silo pose streams connected");
    }

    /// <summary>Counts a silo stream message.</summary>
    public void StreamMessage(string kind, string outcome) =>
        _streamMessages.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts a live-feed message outcome (sent, dropped, throttled).</summary>
    public void ClientMessage(string outcome) => _clientMessages.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Records capture-to-gateway delay.</summary>
    public void CaptureToGateway(double milliseconds) => _captureToGateway.Record(milliseconds);

    internal void ObserveClients(Func<int> count) => _clients = count;

    internal void ObserveStreams(Func<int> count) => _streams = count;
}
