namespace PoseCluster.AppHost.Local.Simulators;

/// <summary>A video prepared for the RTSP simulator: its source and the cached H.264 elementary stream it replays.</summary>
/// <param name="Source">The original video.</param>
/// <param name="EncodedPath">The Annex B H.264 file (one access unit per frame, each opened by a delimiter).</param>
internal sealed record CameraClip(string Source, string EncodedPath);
