using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using PoseCluster.Grains.Inference;
using PoseCluster.Grains.Telemetry;

namespace PoseCluster.Grains.Dispatch;

/// <summary>The node's dispatcher: prefer local, offload when incapable or saturated, eject failing peers.</summary>
internal sealed class InferenceDispatcher : IInferenceDispatcher
{
    private readonly InferenceDirectory _local;
    private readonly PeerDirectory _peers;
    private readonly IRemoteInferenceClient _client;
    private readonly IPeerSelectionPolicy _policy;
    private readonly RemoteDispatchOptions _options;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _node;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _ejections;

    public InferenceDispatcher(InferenceDirectory local, PeerDirectory peers, IRemoteInferenceClient client, RemoteDispatchOptions options, GrainMeter meter, ILogger logger)
    {
        _local = local;
        _peers = peers;
        _client = client;
        _options = options;
        _options.Validate();
        _policy = PeerSelectionPolicies.Create(options.Policy);
        _logger = logger;
        _node = meter.NodeTag;
        _requests = meter.Meter.CreateCounter<long>("posecluster.dispatch.requests", description: "Frames sent to peers for inference, by peer and outcome (ok, failed, busy)");
        _ejections = meter.Meter.CreateCounter<long>("posecluster.dispatch.ejections", description: "Times a failing peer was ejected");
    }

    public bool CanServe(string pipeline) => _local.Find(pipeline) is not null || _peers.CapableOf(pipeline).Count > 0;

    public async Task<InferenceResult> DispatchAsync(string pipeline, InferenceRequest request, CancellationToken cancellationToken)
    {
        var local = _local.Find(pipeline);
        if (local is not null && (!local.IsSaturated || !_options.OffloadWhenSaturated))
        {
            return await local.InferAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var capable = _peers.CapableOf(pipeline);
        var tried = new List<InferencePeer>();
        Exception? last = null;
        while (tried.Count < _options.MaxAttempts)
        {
            var peer = Acquire(capable, tried);
            if (peer is null)
            {
                break;
            }

            tried.Add(peer);
            try
            {
                var result = await _client.InferAsync(peer, pipeline, request, cancellationToken).ConfigureAwait(false);
                peer.ReportSuccess();
                _requests.Add(1, _node, new("peer", peer.Node), new("outcome", "ok"));
                return result;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (RemoteInferenceException e) when (e.PeerBusy)
            {
                _requests.Add(1, _node, new("peer", peer.Node), new("outcome", "busy"));
                last = e;
            }
            catch (Exception e)
            {
                _requests.Add(1, _node, new("peer", peer.Node), new("outcome", "failed"));
                last = e;
                if (peer.ReportFailure(_options))
                {
                    _ejections.Add(1, _node, new("peer", peer.Node));
                    _logger.LogWarning("Peer {Peer} ejected from inference dispatch after {Failures} consecutive failures: {Error}", peer, _options.EjectAfterFailures, e.Message);
                }
            }
            finally
            {
                peer.Release();
            }
        }

        if (local is not null)
        {
            // Saturated and no peer could take it: queue locally; the queue drops its oldest frame when full.
            return await local.InferAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (tried.Count > 0)
        {
            throw new InferenceRejectedException("remote_failed", $"No peer could infer the frame with {pipeline}: {last?.Message}", last);
        }

        throw capable.Count == 0
            ? new InferenceRejectedException("no_capable_node", $"No live node serves the pipeline {pipeline}: this node does not and no capable peer is known.")
            : new InferenceRejectedException("peers_busy", $"Every node serving {pipeline} is ejected or has {_options.MaxInFlightPerPeer} frames in flight from this node.");
    }

    private InferencePeer? Acquire(IReadOnlyList<InferencePeer> capable, List<InferencePeer> tried)
    {
        // A peer can fill up between the choice and the acquisition: choose again among the rest.
        var candidates = capable.Where(p => !p.IsEjected && p.InFlight < _options.MaxInFlightPerPeer && !tried.Contains(p)).ToList();
        while (candidates.Count > 0)
        {
            var peer = _policy.Select(candidates);
            if (peer is null)
            {
                return null;
            }

            if (peer.TryAcquire(_options.MaxInFlightPerPeer))
            {
                return peer;
            }

            candidates.Remove(peer);
        }

        return null;
    }
}
