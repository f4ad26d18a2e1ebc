namespace PoseCluster.AppHost.Setup;

/// <summary>What a set-up run installs.</summary>
public enum SetupProfile
{
    /// <summary>What running the engine and the cluster needs: ffmpeg, libturbojpeg, ONNX Runtime, models, PostgreSQL server binaries.</summary>
    Runtime,
    /// <summary>Runtime plus what the test suite needs: headless Chromium and an RTSP test server.</summary>
    Development,
}
