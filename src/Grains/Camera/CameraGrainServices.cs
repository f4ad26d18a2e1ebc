using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Store;
using PoseCluster.Grains.Dispatch;
using PoseCluster.Grains.Site;
using PoseCluster.Grains.Streaming;

namespace PoseCluster.Grains.Camera;

/// <summary>What this node's camera grains use: the node's store handle, dispatcher, stream, directories and options.</summary>
/// <param name="Store">The node's store handle (camera records, sources, fenced history).</param>
/// <param name="Node">This node's name.</param>
/// <param name="Options">Camera grain options.</param>
/// <param name="Sources">Opens camera sources.</param>
/// <param name="Dispatcher">Where frames are inferred.</param>
/// <param name="Stream">The node's pose stream.</param>
/// <param name="Cameras">The node's running cameras.</param>
/// <param name="Sites">Forwards results to site grains.</param>
/// <param name="Trackers">The per-camera tracker hook.</param>
/// <param name="LoggerFactory">Logging.</param>
public sealed record CameraGrainServices(
    IClusterStore Store,
    string Node,
    CameraGrainOptions Options,
    CameraSourceOpener Sources,
    IInferenceDispatcher Dispatcher,
    PoseStreamHub Stream,
    CameraDirectory Cameras,
    SiteResultRouter Sites,
    IPoseTrackerFactory Trackers,
    ILoggerFactory LoggerFactory);
