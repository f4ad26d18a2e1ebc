namespace PoseCluster.AppHost.Setup;

/// <summary>What a set-up run installs.</summary>
public enum SetupProfile
{
    /// <summary>What running the engine and the cluster needs: ffmpeg, libturbojpeg, ONNX Runtime, models, PostgreSQL server binaries, GStreamer's RTSP server (camera simulator).</summary>
    Runtime,
    /// <summary>Runtime plus what the test suite needs: headless Chromium, OpenCV/NumPy/ONNX for reference computations.</summary>
    Development,
}
