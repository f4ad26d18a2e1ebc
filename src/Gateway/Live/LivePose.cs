using System.Text.Json;

namespace PoseCluster.Gateway.Live;

/// <summary>A processed frame as the browser gets it: the silo's pose message plus the gateway's receipt time.</summary>
/// <param name="Camera">Camera id.</param>
/// <param name="CameraName">Camera name.</param>
/// <param name="Epoch">The camera grain's epoch (frames of older epochs never reach the browser).</param>
/// <param name="Node">The silo running the camera.</param>
/// <param name="InferenceNode">The silo that inferred the frame.</param>
/// <param name="Frame">Frame number.</param>
/// <param name="CapturedAt">When the frame was captured.</param>
/// <param name="CapturedMs">The same as Unix milliseconds (for latency arithmetic in the browser).</param>
/// <param name="PublishedMs">When the silo published it (Unix milliseconds).</param>
/// <param name="GatewayMs">When the gateway received it (Unix milliseconds).</param>
/// <param name="FpsIn">Frames per second read from the camera.</param>
/// <param name="FpsOut">Frames per second processed.</param>
/// <param name="Drops">Frames dropped by the silo so far.</param>
/// <param name="LatencyMs">Capture to publication on the silo.</param>
/// <param name="Batch">Inference batch size of the frame.</param>
/// <param name="Width">Image width the coordinates refer to.</param>
/// <param name="Height">Image height.</param>
/// <param name="Persons">Persons: <c>[{"score","track"?,"box":[x1,y1,x2,y2],"keypoints":[[x,y,s] x 17]}]</c> (COCO order).</param>
/// <param name="Pipeline">The pipeline that produced the frame (<c>topdown</c>, <c>bottomup-paf</c>, ...; it changes for cameras on <c>auto</c>), when the silo says.</param>
public sealed record LivePose(
    Guid Camera,
    string CameraName,
    long Epoch,
    string Node,
    string? InferenceNode,
    long Frame,
    DateTimeOffset CapturedAt,
    long CapturedMs,
    long PublishedMs,
    long GatewayMs,
    double FpsIn,
    double FpsOut,
    long Drops,
    double LatencyMs,
    int Batch,
    int Width,
    int Height,
    JsonElement Persons,
    string? Pipeline = null);
